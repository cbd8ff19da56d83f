package ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The /transfers resource: validation and HTTP; Transfers holds the rules. */
@RestController
public class TransferController {
    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final Transfers transfers;

    public TransferController(Transfers transfers) {
        this.transfers = transfers;
    }

    @PostMapping("/transfers")
    ResponseEntity<Transfer> make(@RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Transfer.Request request = request(body);
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw Problem.invalid("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        // A retry answers the first response again: the same 201, Location and transfer.
        Transfer transfer = transfers.make(request, idempotencyKey);
        return ResponseEntity.created(URI.create("/transfers/" + transfer.id())).body(transfer);
    }

    @GetMapping("/transfers/{id}")
    Transfer get(@PathVariable String id) {
        return transfers.find(Fields.pathId(id))
                .orElseThrow(() -> Problem.notFound("There is no transfer with that id"));
    }

    private static Transfer.Request request(JsonNode body) {
        Fields fields = new Fields(body);
        Long from = fields.id("from_account_id");
        Long to = fields.id("to_account_id");
        if (from != null && from.equals(to)) {
            fields.fail("to_account_id", "must differ from from_account_id");
        }
        Long amount = fields.cents("amount", 1, null);
        fields.check();
        return new Transfer.Request(from, to, amount);
    }
}
