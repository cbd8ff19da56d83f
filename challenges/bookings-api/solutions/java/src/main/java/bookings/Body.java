package bookings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Field-by-field validation of a JSON body; every bad field is collected into one 422. */
final class Body {
    static final String TIME_MESSAGE = "must be an RFC 3339 date-time with an offset, e.g. 2030-05-01T09:00:00Z";
    private final ObjectNode fields;
    private final boolean partial;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    Body(ObjectNode fields, boolean partial) {
        this.fields = fields;
        this.partial = partial;
    }

    /** Throws the 422 when any field was bad. */
    void check() {
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }

    private void fail(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    private JsonNode take(String field, boolean required) {
        JsonNode value = fields.get(field);
        if (value == null) {
            if (required && !partial) {
                fail(field, "is required");
            }
            return null;
        }
        if (value.isNull()) {
            fail(field, "cannot be null");
            return null;
        }
        return value;
    }

    /** A trimmed string of 1 to max characters, or null. */
    String string(String field, int max, boolean required) {
        JsonNode value = take(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            fail(field, "must be a string");
            return null;
        }
        String text = value.asText().strip();
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > max) {
            fail(field, "must be 1 to " + max + " characters");
            return null;
        }
        return text;
    }

    /** An integer in [min, max], or null. */
    Long integer(String field, long min, long max, boolean required) {
        JsonNode value = take(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            fail(field, "must be an integer");
            return null;
        }
        BigInteger n = value.bigIntegerValue();
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            fail(field, "must be between " + min + " and " + max);
            return null;
        }
        return n.longValue();
    }

    /** An RFC 3339 date-time with an offset, or null. */
    Instant time(String field, boolean required) {
        JsonNode value = take(field, required);
        if (value == null) {
            return null;
        }
        Instant parsed = value.isTextual() ? parseTime(value.asText()) : null;
        if (parsed == null) {
            fail(field, TIME_MESSAGE);
        }
        return parsed;
    }

    /** An RFC 3339 date-time with an offset (seconds required), or null. */
    static Instant parseTime(String text) {
        if (!text.matches("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
