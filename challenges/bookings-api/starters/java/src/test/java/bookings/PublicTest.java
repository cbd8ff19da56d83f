package bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
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
    private static final LocalDate DAY =
            LocalDate.now(ZoneOffset.UTC).plusYears(2).withDayOfYear(1).plusDays(new SecureRandom().nextInt(2000));

    private static String base() {
        String url = System.getenv("BASE_URL");
        String port = System.getenv().getOrDefault("PORT", "8000");
        return url != null && !url.isEmpty() ? url : "http://127.0.0.1:" + port;
    }

    /** A time of day on the tests' day, as RFC 3339 in UTC ("09:30"). */
    private static String at(String clock) {
        return DAY.atTime(LocalTime.parse(clock)).atOffset(ZoneOffset.UTC).toInstant().toString();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private record Response(int status, HttpResponse<String> raw, JsonNode body) {}

    private static Response call(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Response(response.statusCode(), response, text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
    }

    private static JsonNode newRoom() throws Exception {
        Response res = call("POST", "/rooms", Map.of("name", unique("room"), "capacity", 8));
        assertEquals(201, res.status(), "POST /rooms: " + res.body());
        return res.body();
    }

    private static boolean hasFieldError(JsonNode body, String field) {
        for (JsonNode error : body.path("errors")) {
            if (error.path("field").asText().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> booking(JsonNode room, String from, String to) {
        return Map.of("room_id", room.path("id").asLong(), "title", "a", "starts_at", at(from), "ends_at", at(to));
    }

    @Test
    void health() throws Exception {
        assertEquals(200, call("GET", "/health", null).status());
    }

    @Test
    void createRoomReturns201WithLocation() throws Exception {
        Response res = call("POST", "/rooms", Map.of("name", unique("room"), "capacity", 6));
        assertEquals(201, res.status());
        String location = res.raw().headers().firstValue("Location").orElse(null);
        assertNotNull(location, "no Location header");
        assertEquals(res.body().path("id"), call("GET", location, null).body().path("id"));
    }

    @Test
    void invalidRoomIs422NamingTheField() throws Exception {
        Response res = call("POST", "/rooms", Map.of("name", "ok", "capacity", 0));
        assertEquals(422, res.status());
        assertTrue(hasFieldError(res.body(), "capacity"), "expected an error on capacity: " + res.body());
    }

    @Test
    void endsAtMustBeAfterStartsAt() throws Exception {
        Response res = call("POST", "/bookings", booking(newRoom(), "10:00", "09:00"));
        assertEquals(422, res.status());
        assertTrue(hasFieldError(res.body(), "ends_at"), "expected an error on ends_at: " + res.body());
    }

    @Test
    void overlapIs409ButBackToBackIsFine() throws Exception {
        JsonNode room = newRoom();
        assertEquals(201, call("POST", "/bookings", booking(room, "09:00", "10:00")).status());
        assertEquals(409, call("POST", "/bookings", booking(room, "09:30", "10:30")).status());
        assertEquals(201, call("POST", "/bookings", booking(room, "10:00", "11:00")).status());
    }

    @Test
    void listsUseTheEnvelope() throws Exception {
        JsonNode room = newRoom();
        assertEquals(201, call("POST", "/bookings", booking(room, "09:00", "10:00")).status());
        JsonNode page = call("GET", "/bookings?room_id=" + room.path("id").asLong() + "&limit=10", null).body();
        assertEquals(1, page.path("items").size());
        assertTrue(page.path("next_cursor").isNull(), "next_cursor must be null on the last page: " + page);
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        assertTrue(call("GET", "/openapi.json", null).body().path("openapi").asText().startsWith("3."));
    }
}
