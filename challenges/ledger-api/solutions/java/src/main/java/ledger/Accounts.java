package ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The accounts table, and the transfers that touched an account. */
@Repository
public class Accounts {
    private static final String OPEN =
            "INSERT INTO accounts (owner, balance) VALUES (?, ?) RETURNING id, owner, balance, created_at";
    private static final String FIND = "SELECT id, owner, balance, created_at FROM accounts WHERE id = ?";
    // Two index scans (one per direction) merged by id: no scan of the whole table for a busy account.
    private static final String TRANSFERS = """
            SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE from_account_id = ?
            UNION ALL
            SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE to_account_id = ?
            ORDER BY id DESC LIMIT ?""";

    private final JdbcTemplate jdbc;

    public Accounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Account open(String owner, long initialBalance) {
        return jdbc.queryForObject(OPEN, Accounts::account, owner, initialBalance);
    }

    Optional<Account> find(long id) {
        return jdbc.query(FIND, Accounts::account, id).stream().findFirst();
    }

    /** Transfers into or out of the account, newest first. */
    List<Transfer> transfers(long accountId, int limit) {
        return jdbc.query(TRANSFERS, Transfers::transfer, accountId, accountId, limit);
    }

    private static Account account(ResultSet row, int n) throws SQLException {
        return new Account(row.getLong("id"), row.getString("owner"), row.getLong("balance"),
                row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
