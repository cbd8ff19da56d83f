package orders;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An expected failure, answered as problem details. */
public class Problem extends RuntimeException {
    private final int status;
    private final String title;

    Problem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    /** Renders every Problem in one place. */
    @RestControllerAdvice
    public static class Handler {
        @ExceptionHandler(Problem.class)
        ResponseEntity<Map<String, Object>> render(Problem problem) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", problem.title);
            body.put("status", problem.status);
            body.put("detail", problem.getMessage());
            return ResponseEntity.status(problem.status).contentType(MediaType.valueOf("application/problem+json"))
                    .body(body);
        }
    }
}
