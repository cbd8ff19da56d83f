package orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000). Run the
 * service (mvn spring-boot:run), load the data set once (make seed), then mvn test. They are a small sample of
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

    private record Response(int status, JsonNode body) {}

    private static Response get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Response(response.statusCode(), text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
    }

    @Test
    void health() throws Exception {
        assertEquals(200, get("/health").status());
    }

    @Test
    void theFirstPageIsNewestFirst() throws Exception {
        JsonNode body = get("/customers/42/orders?limit=20").body();
        assertEquals(20, body.path("items").size());
        JsonNode previous = null;
        for (JsonNode order : body.path("items")) {
            if (previous != null) {
                int byTime = Instant.parse(previous.path("created_at").asText())
                        .compareTo(Instant.parse(order.path("created_at").asText()));
                assertTrue(byTime > 0 || byTime == 0 && previous.path("id").asLong() > order.path("id").asLong(),
                        "not newest first: " + previous + " before " + order);
            }
            previous = order;
        }
        assertFalse(body.path("next_cursor").isNull(), "a customer with 50 orders has a second page");
    }

    @Test
    void walkingThePagesListsEveryOrderOnce() throws Exception {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            String query = cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            JsonNode body = get("/customers/42/orders?limit=7" + query).body();
            body.path("items").forEach(order -> seen.add(order.path("id").asLong()));
            cursor = body.path("next_cursor").isNull() ? null : body.path("next_cursor").asText();
        } while (cursor != null);
        assertEquals(50, seen.size());
        assertEquals(50, new HashSet<>(seen).size());
    }

    @Test
    void anOrderTotalIsTheSumOfItsLines() throws Exception {
        for (JsonNode order : get("/customers/42/orders").body().path("items")) {
            long sum = 0;
            for (JsonNode line : order.path("lines")) {
                sum += line.path("quantity").asLong() * line.path("unit_price_cents").asLong();
            }
            assertEquals(sum, order.path("total_cents").asLong());
        }
    }

    @Test
    void summary() throws Exception {
        JsonNode body = get("/customers/42/summary").body();
        assertEquals(50, body.path("order_count").asInt());
        assertTrue(body.path("paid_total_cents").asLong() > 0);
    }

    @Test
    void anUnknownCustomerIs404() throws Exception {
        assertEquals(404, get("/customers/999999/orders").status());
        assertEquals(404, get("/customers/999999/summary").status());
    }
}
