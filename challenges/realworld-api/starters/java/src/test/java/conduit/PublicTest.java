package conduit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    private static final String PASSWORD = "pa55word!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String base() {
        String url = System.getenv("BASE_URL");
        String port = System.getenv().getOrDefault("PORT", "8000");
        return url != null && !url.isEmpty() ? url : "http://127.0.0.1:" + port;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private record Response(int status, JsonNode body) {}

    private static Response call(String method, String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Token " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Response(response.statusCode(), text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
    }

    private static JsonNode register() throws Exception {
        String name = unique("user");
        Response res = call("POST", "/api/users",
                Map.of("user", Map.of("username", name, "email", name + "@example.com", "password", PASSWORD)), null);
        assertEquals(201, res.status(), "POST /api/users: " + res.body());
        return res.body().path("user");
    }

    private static JsonNode publish(JsonNode user, String title) throws Exception {
        Response res = call("POST", "/api/articles",
                Map.of("article", Map.of("title", title, "description", "d", "body", "b")), user.path("token").asText());
        assertEquals(201, res.status(), "POST /api/articles: " + res.body());
        return res.body().path("article");
    }

    @Test
    void health() throws Exception {
        assertEquals(200, call("GET", "/health", null, null).status());
    }

    @Test
    void registerReturnsTheUserWithAToken() throws Exception {
        JsonNode user = register();
        assertFalse(user.path("token").asText().isEmpty(), "the user has no token");
        assertFalse(user.has("password"), "the user carries its password");
    }

    @Test
    void registrationWithoutEmailIs422() throws Exception {
        Response res = call("POST", "/api/users",
                Map.of("user", Map.of("username", unique("user"), "password", PASSWORD)), null);
        assertEquals(422, res.status());
        assertTrue(res.body().path("errors").isObject(), "expected {\"errors\": {...}}: " + res.body());
    }

    @Test
    void loginAndCurrentUser() throws Exception {
        JsonNode user = register();
        Response login = call("POST", "/api/users/login",
                Map.of("user", Map.of("email", user.path("email").asText(), "password", PASSWORD)), null);
        assertEquals(200, login.status());
        Response me = call("GET", "/api/user", null, login.body().path("user").path("token").asText());
        assertEquals(user.path("username"), me.body().path("user").path("username"));
        assertEquals(401, call("GET", "/api/user", null, null).status());
    }

    @Test
    void createAndReadAnArticle() throws Exception {
        JsonNode user = register();
        Map<String, Object> article = Map.of("title", "How to train your dragon", "description", "Ever wonder how?",
                "body", "Believe.", "tagList", new String[] {"dragons"});
        Response res = call("POST", "/api/articles", Map.of("article", article), user.path("token").asText());
        assertEquals(201, res.status());
        assertEquals(user.path("username"), res.body().path("article").path("author").path("username"));
        String slug = res.body().path("article").path("slug").asText();
        assertEquals("Believe.", call("GET", "/api/articles/" + slug, null, null).body().path("article").path("body").asText());
    }

    @Test
    void onlyTheAuthorMayDelete() throws Exception {
        JsonNode author = register();
        JsonNode other = register();
        String slug = publish(author, "Mine").path("slug").asText();
        assertEquals(403, call("DELETE", "/api/articles/" + slug, null, other.path("token").asText()).status());
        assertEquals(204, call("DELETE", "/api/articles/" + slug, null, author.path("token").asText()).status());
    }

    @Test
    void listByAuthorUsesTheEnvelope() throws Exception {
        JsonNode user = register();
        JsonNode created = publish(user, "Listed");
        JsonNode page = call("GET", "/api/articles?author=" + user.path("username").asText() + "&limit=10", null, null).body();
        assertEquals(1, page.path("articles").size());
        assertEquals(created.path("slug"), page.path("articles").get(0).path("slug"));
        assertEquals(1, page.path("articlesCount").asInt());
    }
}
