package ledger;

import java.time.Instant;

/** A transfer as the API shows it. */
public record Transfer(long id, long fromAccountId, long toAccountId, long amount, Instant createdAt) {

    /** What a client asks for; an idempotent retry must ask for the same. */
    public record Request(long fromAccountId, long toAccountId, long amount) {
        boolean sameAs(Transfer done) {
            return done.fromAccountId() == fromAccountId && done.toAccountId() == toAccountId
                    && done.amount() == amount;
        }
    }
}
