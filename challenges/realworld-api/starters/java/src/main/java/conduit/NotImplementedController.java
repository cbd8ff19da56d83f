package conduit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** TODO: replace this placeholder with the real endpoints (see README.md). */
@RestController
public class NotImplementedController {
    @RequestMapping("/api/**")
    ResponseEntity<Map<String, Object>> notImplemented(HttpServletRequest request) {
        String what = request.getMethod() + " " + request.getRequestURI() + " is not implemented yet";
        return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).body(Map.of("errors", Map.of("body", List.of(what))));
    }
}
