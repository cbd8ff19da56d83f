package bookings;

import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Object> noRoute(NoResourceFoundException error) {
        return expected(Problem.notFound("No route for " + error.getHttpMethod() + " /" + error.getResourcePath()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> wrongMethod(HttpRequestMethodNotSupportedException error) {
        Problem problem = new Problem("about:blank", "Method Not Allowed", 405,
                error.getMethod() + " is not allowed here", List.of());
        return ResponseEntity.status(405).allow(error.getSupportedHttpMethods().toArray(new org.springframework.http.HttpMethod[0]))
                .contentType(PROBLEM).body(problem.body());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception error) {
        log.error("request failed", error);
        Problem problem = new Problem("about:blank", "Internal Server Error", 500, "Something went wrong on our side",
                List.of());
        return expected(problem);
    }

    /** The SQLSTATE of a database error, or "" when err did not come from the database. */
    static String sqlState(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }
}
