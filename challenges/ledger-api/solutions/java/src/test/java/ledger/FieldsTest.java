package ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The validation rules of the API; they need neither the database nor the network. */
class FieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Fields fields(String json) throws Exception {
        JsonNode body = JSON.readTree(json);
        return new Fields(body);
    }

    @Test
    void centsAreWholeNumbersInRange() throws Exception {
        Fields ok = fields("{\"amount\": 2500}");
        assertEquals(2500L, ok.cents("amount", 1, null));
        ok.check();
        for (String amount : new String[] {"0", "-50", "12.5", "\"100\"", "1000000001"}) {
            Fields bad = fields("{\"amount\": " + amount + "}");
            bad.cents("amount", 1, null);
            Problem problem = assertThrows(Problem.class, bad::check, amount);
            assertEquals(422, problem.status());
        }
    }

    @Test
    void anOptionalBalanceDefaultsToZero() throws Exception {
        assertEquals(0L, fields("{}").cents("initial_balance", 0, 0L));
    }

    @Test
    void everyBadFieldIsNamed() throws Exception {
        Fields bad = fields("{\"owner\": \"\", \"initial_balance\": -1}");
        bad.text("owner", 100);
        bad.cents("initial_balance", 0, 0L);
        Problem problem = assertThrows(Problem.class, bad::check);
        String detail = problem.getMessage();
        assertTrue(detail.contains("owner") && detail.contains("initial_balance"), detail);
    }

    @Test
    void aBodyMustBeAnObject() {
        assertThrows(Problem.class, () -> fields("[1, 2]"));
    }

    @Test
    void pathIdsThatCannotNameARowAreZero() {
        assertEquals(42, Fields.pathId("42"));
        assertEquals(0, Fields.pathId("abc"));
        assertEquals(0, Fields.pathId("0"));
        assertEquals(0, Fields.pathId("99999999999999999999"));
    }

    @Test
    void aRetryMustAskForTheSameTransfer() {
        Transfer done = new Transfer(7, 1, 2, 300, Instant.EPOCH);
        assertTrue(new Transfer.Request(1, 2, 300).sameAs(done));
        assertFalse(new Transfer.Request(1, 2, 301).sameAs(done));
        assertFalse(new Transfer.Request(2, 1, 300).sameAs(done));
    }
}
