package ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000). Run the
 * service in one terminal (mvn spring-boot:run) and the tests in another (mvn test). They are a small sample of
 * the checks the platform runs; passing them is a start, not the goal.
 */
class PublicTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String base() {
        String url = System.getenv("BASE_URL");
        String port = System.getenv().getOrDefault("PORT", "8000");
        return url != null && !url.isEmpty() ? url : "http://127.0.0.1:" + port;
    }

    private record Response(int status, HttpResponse<String> raw, JsonNode body) {}

    private static Response call(String method, String path, Object body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Response(response.statusCode(), response, text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
    }

    private static Response call(String method, String path, Object body) throws Exception {
        return call(method, path, body, null);
    }

    private static long openAccount(long balance) throws Exception {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        Response res = call("POST", "/accounts", Map.of("owner", owner, "initial_balance", balance));
        assertEquals(201, res.status(), "POST /accounts: " + res.body());
        return res.body().path("id").asLong();
    }

    private static long balance(long id) throws Exception {
        return call("GET", "/accounts/" + id, null).body().path("balance").asLong();
    }

    private static Map<String, Object> transfer(long from, long to, long amount) {
        return Map.of("from_account_id", from, "to_account_id", to, "amount", amount);
    }

    @Test
    void health() throws Exception {
        assertEquals(200, call("GET", "/health", null).status());
    }

    @Test
    void openAccountReturns201WithLocation() throws Exception {
        Response res = call("POST", "/accounts", Map.of("owner", "Alice", "initial_balance", 10000));
        assertEquals(201, res.status());
        String location = res.raw().headers().firstValue("Location").orElse(null);
        assertNotNull(location, "no Location header");
        assertEquals(10000, call("GET", location, null).body().path("balance").asLong());
    }

    @Test
    void aTransferMovesTheMoney() throws Exception {
        long a = openAccount(10000);
        long b = openAccount(0);
        assertEquals(201, call("POST", "/transfers", transfer(a, b, 2500)).status());
        assertEquals(7500, balance(a));
        assertEquals(2500, balance(b));
    }

    @Test
    void anOverdraftIs409AndChangesNothing() throws Exception {
        long a = openAccount(100);
        long b = openAccount(0);
        assertEquals(409, call("POST", "/transfers", transfer(a, b, 101)).status());
        assertEquals(100, balance(a));
    }

    @Test
    void anInvalidAmountIs422NamingTheField() throws Exception {
        Response res = call("POST", "/transfers", transfer(openAccount(10000), openAccount(10000), 0));
        assertEquals(422, res.status());
        boolean named = false;
        for (JsonNode error : res.body().path("errors")) {
            named |= error.path("field").asText().equals("amount");
        }
        assertTrue(named, "expected an error on amount: " + res.body());
    }

    @Test
    void aRetryWithTheSameKeyMovesTheMoneyOnce() throws Exception {
        long a = openAccount(1000);
        long b = openAccount(0);
        String key = UUID.randomUUID().toString();
        Response first = call("POST", "/transfers", transfer(a, b, 300), key);
        Response again = call("POST", "/transfers", transfer(a, b, 300), key);
        assertEquals(201, first.status());
        assertEquals(201, again.status());
        assertEquals(first.body().path("id"), again.body().path("id"));
        assertEquals(300, balance(b));
    }
}
