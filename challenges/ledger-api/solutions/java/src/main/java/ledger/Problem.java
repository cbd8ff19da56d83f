package ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An expected failure, rendered once (ProblemHandler) as RFC 9457 problem details. */
public class Problem extends RuntimeException {
    /** One bad field of a 422. */
    public record FieldError(String field, String message) {}

    private final String type;
    private final String title;
    private final int status;
    private final List<FieldError> errors;

    Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.title = title;
        this.status = status;
        this.errors = errors;
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        }
        return body;
    }

    static Problem notFound(String detail) {
        return new Problem("/problems/not-found", "Resource not found", 404, detail, List.of());
    }

    static Problem insufficientFunds(String detail) {
        return new Problem("/problems/insufficient-funds", "Insufficient funds", 409, detail, List.of());
    }

    static Problem keyReused(String detail) {
        return new Problem("/problems/idempotency-key-reused", "Idempotency key reused", 422, detail, List.of());
    }

    static Problem invalid(List<FieldError> errors) {
        List<String> parts = new ArrayList<>();
        errors.forEach(e -> parts.add(e.field() + ": " + e.message()));
        return new Problem("/problems/validation", "Request validation failed", 422, String.join("; ", parts),
                List.copyOf(errors));
    }

    static Problem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    static Problem malformedJson() {
        return new Problem("/problems/malformed-json", "Malformed JSON", 400, "The body is not valid JSON", List.of());
    }
}
