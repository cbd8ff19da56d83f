package ledger;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every error leaves as problem+json; an unexpected one is logged and never shown. */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    @ExceptionHandler(Problem.class)
    ResponseEntity<Object> expected(Problem problem) {
        return ResponseEntity.status(problem.status()).contentType(PROBLEM).body(problem.body());
    }

    /** A body Jackson cannot parse (or none at all). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException error) {
        return expected(Problem.malformedJson());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> notJson(HttpMediaTypeNotSupportedException error) {
        return expected(new Problem("about:blank", "Unsupported Media Type", 415,
                "Send the body as Content-Type: application/json", List.of()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Object> noRoute(NoResourceFoundException error) {
        return expected(Problem.notFound("No route for " + error.getHttpMethod() + " /" + error.getResourcePath()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> wrongMethod(HttpRequestMethodNotSupportedException error) {
        Problem problem = new Problem("about:blank", "Method Not Allowed", 405,
                error.getMethod() + " is not allowed here", List.of());
        return ResponseEntity.status(405).allow(error.getSupportedHttpMethods().toArray(new HttpMethod[0]))
                .contentType(PROBLEM).body(problem.body());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception error) {
        log.error("request failed", error);
        return expected(new Problem("about:blank", "Internal Server Error", 500, "Something went wrong on our side",
                List.of()));
    }
}
