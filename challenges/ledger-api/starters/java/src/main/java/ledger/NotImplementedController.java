package ledger;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** TODO: replace these placeholders with the real endpoints (see README.md). */
@RestController
public class NotImplementedController {
    @RequestMapping({"/accounts", "/accounts/{id}", "/accounts/{id}/transfers", "/transfers", "/transfers/{id}"})
    ResponseEntity<Map<String, Object>> notImplemented(HttpServletRequest request) {
        return ResponseEntity.status(501).contentType(MediaType.valueOf("application/problem+json")).body(Map.of(
                "type", "about:blank", "title", "Not Implemented", "status", 501,
                "detail", request.getMethod() + " " + request.getRequestURI()));
    }
}
