package ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transfers: all or nothing, never overdrawn, applied once per Idempotency-Key.
 *
 * <p>The transfer row is inserted first. Its unique idempotency key makes a concurrent retry wait at that
 * INSERT until the first request commits (then ON CONFLICT DO NOTHING returns no row and we answer the
 * stored transfer) or rolls back (then the retry goes ahead). Balances change with conditional UPDATEs in
 * account id order, so opposite transfers never deadlock, and the debit matches only while the balance
 * covers it. READ COMMITTED is what makes this work: each UPDATE re-reads the row a concurrent transfer
 * just committed, where REPEATABLE READ would fail the second writer with a serialization error.
 */
@Service
public class Transfers {
    private static final String INSERT = """
            INSERT INTO transfers (from_account_id, to_account_id, amount, idempotency_key) VALUES (?, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id, from_account_id, to_account_id, amount, created_at""";
    private static final String BY_KEY =
            "SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE idempotency_key = ?";
    private static final String BY_ID =
            "SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE id = ?";
    private static final String KNOWN_ACCOUNTS = "SELECT id FROM accounts WHERE id IN (?, ?)";
    private static final String DEBIT = "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?";
    private static final String CREDIT = "UPDATE accounts SET balance = balance + ? WHERE id = ?";

    private final JdbcTemplate jdbc;

    public Transfers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves the money, or answers the transfer an earlier request with the same key made. */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public Transfer make(Transfer.Request request, String idempotencyKey) {
        requireAccounts(request);
        Optional<Transfer> created = jdbc.query(INSERT, Transfers::transfer, request.fromAccountId(),
                request.toAccountId(), request.amount(), idempotencyKey).stream().findFirst();
        if (created.isEmpty()) {
            return earlier(idempotencyKey, request);
        }
        moveMoney(request);
        return created.get();
    }

    @Transactional(readOnly = true)
    public Optional<Transfer> find(long id) {
        return jdbc.query(BY_ID, Transfers::transfer, id).stream().findFirst();
    }

    private void requireAccounts(Transfer.Request request) {
        List<Long> known = jdbc.queryForList(KNOWN_ACCOUNTS, Long.class, request.fromAccountId(),
                request.toAccountId());
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!known.contains(request.fromAccountId())) {
            errors.add(new Problem.FieldError("from_account_id", "no such account"));
        }
        if (!known.contains(request.toAccountId())) {
            errors.add(new Problem.FieldError("to_account_id", "no such account"));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }

    /** The committed transfer of this key (the INSERT waited for it); 422 when it moved other money. */
    private Transfer earlier(String idempotencyKey, Transfer.Request request) {
        Transfer done = jdbc.queryForObject(BY_KEY, Transfers::transfer, idempotencyKey);
        if (done == null || !request.sameAs(done)) {
            throw Problem.keyReused("The Idempotency-Key was already used for another transfer");
        }
        return done;
    }

    private void moveMoney(Transfer.Request request) {
        long first = Math.min(request.fromAccountId(), request.toAccountId());
        long second = Math.max(request.fromAccountId(), request.toAccountId());
        for (long account : new long[] {first, second}) {
            if (account == request.fromAccountId()) {
                debit(account, request.amount());
            } else {
                jdbc.update(CREDIT, request.amount(), account);
            }
        }
    }

    private void debit(long account, long amount) {
        if (jdbc.update(DEBIT, amount, account, amount) == 0) {
            // The exception rolls the transaction back, the transfer row with it.
            throw Problem.insufficientFunds("Account " + account + " holds less than " + amount);
        }
    }

    static Transfer transfer(ResultSet row, int n) throws SQLException {
        return new Transfer(row.getLong("id"), row.getLong("from_account_id"), row.getLong("to_account_id"),
                row.getLong("amount"), row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
