package ledger;

import java.time.Instant;

/** An account as the API shows it (snake_case by spring.jackson.property-naming-strategy). */
public record Account(long id, String owner, long balance, Instant createdAt) {}
