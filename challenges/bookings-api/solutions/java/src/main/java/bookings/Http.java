package bookings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** Bodies with a 64 KB limit, ETags and If-Match, path ids and cursors. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_BODY = 64 * 1024;
    private static final Pattern PATH_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private Http() {}

    /** The body as a JSON object: 413 over 64 KB, 400 when not JSON, 422 when not an object. */
    static ObjectNode readObject(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw Problem.tooLarge();
        }
        byte[] data;
        try (InputStream in = request.getInputStream()) {
            data = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw Problem.malformedJson();
        }
        if (data.length > MAX_BODY) {
            throw Problem.tooLarge();
        }
        if (new String(data, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw notAnObject();
        }
        JsonNode node;
        try {
            node = JSON.readTree(data);
        } catch (IOException e) {
            throw Problem.malformedJson();
        }
        if (!(node instanceof ObjectNode object)) {
            throw notAnObject();
        }
        return object;
    }

    private static Problem notAnObject() {
        return Problem.invalid("body", "must be a JSON object (Content-Type: application/json)");
    }

    static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** 412 when If-Match is given and names neither the current ETag nor "*". */
    static void checkIfMatch(HttpServletRequest request, int version) {
        List<String> values = Collections.list(request.getHeaders("If-Match"));
        if (values.isEmpty()) {
            return;
        }
        String current = etag(version);
        for (String value : values) {
            for (String tag : value.split(",")) {
                if (tag.strip().equals("*") || tag.strip().equals(current)) {
                    return;
                }
            }
        }
        throw Problem.preconditionFailed("If-Match " + String.join(", ", values) + " does not match the current ETag "
                + current);
    }

    /** A path id, or 0 when it cannot be one (the caller answers 404). */
    static long pathId(String raw) {
        return PATH_ID.matcher(raw).matches() ? Long.parseLong(raw) : 0;
    }

    /** An opaque cursor: base64url of [sort, key, id]. */
    static String encodeCursor(String sort, Object key, long id) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(List.of(sort, key, id)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cursor's [key, id] for this sort; 422 for a cursor we did not issue or of another sort. */
    static JsonNode[] decodeCursor(String cursor, String sort) {
        JsonNode parts;
        try {
            parts = JSON.readTree(Base64.getUrlDecoder().decode(cursor.replaceAll("=+$", "")));
        } catch (IllegalArgumentException | IOException e) {
            throw Problem.badCursor();
        }
        if (parts == null || !parts.isArray() || parts.size() != 3 || !parts.get(0).isTextual()
                || !parts.get(2).canConvertToLong() || !parts.get(2).isIntegralNumber() || parts.get(2).asLong() < 1) {
            throw Problem.badCursor();
        }
        if (!parts.get(0).asText().equals(sort)) {
            throw Problem.invalid("cursor", "belongs to a different sort order; start again without cursor");
        }
        return new JsonNode[] {parts.get(1), parts.get(2)};
    }
}
