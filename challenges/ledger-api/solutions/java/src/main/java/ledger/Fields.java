package ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Field-by-field validation of a JSON body; every bad field is collected into one 422. */
final class Fields {
    static final long MAX_CENTS = 1_000_000_000L;

    private final JsonNode body;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    Fields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Problem.invalid("body", "must be a JSON object");
        }
        this.body = body;
    }

    /** Throws the 422 when any field was bad. */
    void check() {
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }

    void fail(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    /** A string of 1 to max characters, or null (reported) when missing or wrong. */
    String text(String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            fail(field, "must be a string of 1 to " + max + " characters");
            return null;
        }
        String text = value.asText();
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > max) {
            fail(field, "must be a string of 1 to " + max + " characters");
            return null;
        }
        return text;
    }

    /** An integer number of cents in [min, MAX_CENTS]; fallback when absent and optional. */
    Long cents(String field, long min, Long fallback) {
        JsonNode value = body.get(field);
        if (value == null && fallback != null) {
            return fallback;
        }
        if (value == null || !value.isIntegralNumber()) {
            fail(field, "must be an integer number of cents");
            return null;
        }
        if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > MAX_CENTS) {
            fail(field, "must be between " + min + " and " + MAX_CENTS);
            return null;
        }
        return value.asLong();
    }

    /** A positive integer id, or null (reported). */
    Long id(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
            fail(field, "must be an account id");
            return null;
        }
        return value.asLong();
    }

    /** A path id, or 0 when it cannot name a row (the caller answers 404). */
    static long pathId(String raw) {
        return raw.matches("[1-9][0-9]{0,17}") ? Long.parseLong(raw) : 0;
    }
}
