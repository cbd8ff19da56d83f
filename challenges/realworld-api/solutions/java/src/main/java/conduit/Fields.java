package conduit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;

/** The object inside one of the spec's envelopes ({"user": {...}} -> {...}), read field by field with 422s. */
final class Fields {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode node;

    private Fields(JsonNode node) {
        this.node = node;
    }

    /** 400 for a body that is not JSON, 422 when it is not {"<key>": {...}}. */
    static Fields unwrap(String body, String key) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new ApiError(HttpStatus.BAD_REQUEST, "body", "the request body is not valid JSON");
        }
        JsonNode inner = root == null ? null : root.get(key);
        if (inner == null || !inner.isObject()) {
            throw ApiError.invalid("body", "expected a JSON object {\"" + key + "\": {...}}");
        }
        return new Fields(inner);
    }

    /** Whether the field was sent, null included. */
    boolean has(String name) {
        return node.has(name);
    }

    /** A string field; null when absent or null and not required. */
    String text(String name, boolean required, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiError.invalid(name, "can't be blank");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.invalid(name, "must be a string");
        }
        String text = value.asText();
        if (required && text.isBlank()) {
            throw ApiError.invalid(name, "can't be blank");
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw ApiError.invalid(name, "is too long (at most " + maxLength + " characters)");
        }
        return text;
    }

    /** An optional list of non-empty strings, trimmed and without duplicates. */
    List<String> strings(String name, int maxLength) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        String message = "must be a list of non-empty strings of at most " + maxLength + " characters";
        if (!value.isArray()) {
            throw ApiError.invalid(name, message);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : value) {
            String text = item.isTextual() ? item.asText().strip() : "";
            if (text.isEmpty() || text.length() > maxLength) {
                throw ApiError.invalid(name, message);
            }
            out.add(text);
        }
        return new ArrayList<>(out);
    }
}
