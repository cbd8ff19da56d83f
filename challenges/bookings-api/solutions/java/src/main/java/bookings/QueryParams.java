package bookings;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Validation of query parameters; every bad one is collected into one 422. */
final class QueryParams {
    private final HttpServletRequest request;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    QueryParams(HttpServletRequest request) {
        this.request = request;
    }

    void check() {
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
    }

    private void fail(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    long integer(String field, long min, long max, long fallback) {
        String raw = request.getParameter(field);
        if (raw == null) {
            return fallback;
        }
        if (!raw.matches("[0-9]{1,18}")) {
            fail(field, "must be an integer");
            return fallback;
        }
        long value = Long.parseLong(raw);
        if (value < min || value > max) {
            fail(field, "must be between " + min + " and " + max);
            return fallback;
        }
        return value;
    }

    Long optionalInteger(String field, long min, long max) {
        if (request.getParameter(field) == null) {
            return null;
        }
        int before = errors.size();
        long value = integer(field, min, max, 0);
        return errors.size() > before ? null : value;
    }

    String oneOf(String field, List<String> allowed, String fallback) {
        String raw = request.getParameter(field);
        if (raw == null) {
            return fallback;
        }
        if (!allowed.contains(raw)) {
            fail(field, "must be one of " + String.join(", ", allowed));
            return fallback;
        }
        return raw;
    }

    String text(String field, int max) {
        String raw = request.getParameter(field);
        if (raw == null) {
            return "";
        }
        if (raw.codePointCount(0, raw.length()) > max) {
            fail(field, "must be at most " + max + " characters");
            return "";
        }
        return raw;
    }

    Instant time(String field) {
        String raw = request.getParameter(field);
        if (raw == null) {
            return null;
        }
        Instant value = Body.parseTime(raw);
        if (value == null) {
            fail(field, "must be an RFC 3339 date-time with an offset");
        }
        return value;
    }
}
