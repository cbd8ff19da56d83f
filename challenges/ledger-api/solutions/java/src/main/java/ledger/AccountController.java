package ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The /accounts resource: HTTP in and out; Accounts holds the SQL. */
@RestController
public class AccountController {
    private final Accounts accounts;

    public AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/accounts")
    ResponseEntity<Account> open(@RequestBody JsonNode body) {
        Fields fields = new Fields(body);
        String owner = fields.text("owner", 100);
        Long initialBalance = fields.cents("initial_balance", 0, 0L);
        fields.check();
        Account account = accounts.open(owner, initialBalance);
        return ResponseEntity.created(URI.create("/accounts/" + account.id())).body(account);
    }

    @GetMapping("/accounts/{id}")
    Account get(@PathVariable String id) {
        return find(id);
    }

    @GetMapping("/accounts/{id}/transfers")
    Map<String, List<Transfer>> transfers(@PathVariable String id,
            @RequestParam(name = "limit", required = false) String limit) {
        Account account = find(id);
        return Map.of("items", accounts.transfers(account.id(), limit(limit)));
    }

    private Account find(String rawId) {
        return accounts.find(Fields.pathId(rawId))
                .orElseThrow(() -> Problem.notFound("There is no account with that id"));
    }

    private static int limit(String raw) {
        if (raw == null) {
            return 50;
        }
        int limit = raw.matches("[0-9]{1,3}") ? Integer.parseInt(raw) : 0;
        if (limit < 1 || limit > 100) {
            throw Problem.invalid("limit", "must be an integer from 1 to 100");
        }
        return limit;
    }
}
