package conduit;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** An expected failure, rendered once (ErrorHandler) as the spec's {"errors": {field: [messages]}}. */
public class ApiError extends RuntimeException {
    private final HttpStatus status;
    private final String field;

    ApiError(HttpStatus status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static ApiError invalid(String field, String message) {
        return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, field, message);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(HttpStatus.UNAUTHORIZED, "token", message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(HttpStatus.FORBIDDEN, "body", message);
    }

    static ApiError notFound(String what) {
        return new ApiError(HttpStatus.NOT_FOUND, what, "not found");
    }

    HttpStatus status() {
        return status;
    }

    Map<String, Object> body() {
        return Map.of("errors", Map.of(field, List.of(getMessage())));
    }
}
