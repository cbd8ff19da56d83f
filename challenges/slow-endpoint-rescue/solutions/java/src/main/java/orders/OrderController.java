package orders;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The order-history API: parses the request, asks Orders, answers JSON. */
@RestController
public class OrderController {
    private final Orders orders;

    public OrderController(Orders orders) {
        this.orders = orders;
    }

    private static long parseId(String value) {
        if (!value.matches("\\d{1,15}")) {
            throw new Problem(404, "Not Found", "no such customer");
        }
        return Long.parseLong(value);
    }

    private static int parseLimit(String value) {
        if (value == null) {
            return 20;
        }
        int limit = value.matches("\\d{1,3}") ? Integer.parseInt(value) : 0;
        if (limit < 1 || limit > 100) {
            throw new Problem(422, "Unprocessable Content", "limit must be 1 to 100");
        }
        return limit;
    }

    private static Problem noCustomer(long customerId) {
        return new Problem(404, "Not Found", "customer " + customerId + " does not exist");
    }

    @GetMapping("/customers/{id}/orders")
    Map<String, Object> orders(@PathVariable String id, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        long customerId = parseId(id);
        int size = parseLimit(limit);
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        Orders.Page page = orders.page(customerId, size, after).orElseThrow(() -> noCustomer(customerId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("next_cursor", page.next() == null ? null : page.next().encode());
        return body;
    }

    @GetMapping("/customers/{id}/summary")
    Orders.Summary summary(@PathVariable String id) {
        long customerId = parseId(id);
        return orders.summary(customerId).orElseThrow(() -> noCustomer(customerId));
    }
}
