package orders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order-history service: customers, their orders and order lines, read-only. The checkout writes
 * orders straight into the database; this service only reads them. It answers correctly. It is also
 * slow: making it fast without changing a single answer is the task.
 */
@RestController
public class OrderController {
    private static final Pattern CURSOR = Pattern.compile("offset:(\\d{1,9})");
    private static final Comparator<OrderRow> NEWEST_FIRST =
            Comparator.comparing(OrderRow::createdAt).thenComparingLong(OrderRow::id).reversed();

    private final JdbcTemplate jdbc;

    public OrderController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record OrderRow(long id, String status, Instant createdAt) {}

    private Map<String, Object> findCustomer(long customerId) {
        List<Map<String, Object>> rows =
                jdbc.queryForList("SELECT id, name, region FROM customers WHERE id = ?", customerId);
        if (rows.isEmpty()) {
            throw new Problem(404, "Not Found", "customer " + customerId + " does not exist");
        }
        return rows.get(0);
    }

    private List<OrderRow> ordersOf(long customerId) {
        return jdbc.query("SELECT id, status, created_at FROM orders WHERE customer_id = ?",
                (row, n) -> new OrderRow(row.getLong("id"), row.getString("status"),
                        row.getObject("created_at", OffsetDateTime.class).toInstant()), customerId);
    }

    private Order orderJson(OrderRow order) {
        List<Order.Line> lines = jdbc.query(
                "SELECT sku, quantity, unit_price_cents FROM order_lines WHERE order_id = ? ORDER BY id",
                (row, n) -> new Order.Line(row.getString("sku"), row.getInt("quantity"),
                        row.getInt("unit_price_cents")), order.id());
        long total = 0;
        for (Order.Line line : lines) {
            total += (long) line.quantity() * line.unitPriceCents();
        }
        return new Order(order.id(), order.status(), order.createdAt(), total, lines);
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

    private static int decodeCursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        Matcher match;
        try {
            match = CURSOR.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new Problem(400, "Bad Request", "cursor is not one this service returned");
        }
        if (!match.matches()) {
            throw new Problem(400, "Bad Request", "cursor is not one this service returned");
        }
        return Integer.parseInt(match.group(1));
    }

    @GetMapping("/customers/{id}/orders")
    Map<String, Object> orders(@PathVariable String id, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        long customerId = parseId(id);
        int size = parseLimit(limit);
        int offset = decodeCursor(cursor);
        findCustomer(customerId);
        List<OrderRow> orders = new ArrayList<>(ordersOf(customerId));
        orders.sort(NEWEST_FIRST);
        List<Order> items = new ArrayList<>();
        for (OrderRow order : orders.subList(Math.min(offset, orders.size()), Math.min(offset + size, orders.size()))) {
            items.add(orderJson(order));
        }
        boolean more = offset + size < orders.size();
        String nextCursor = more ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + (offset + size)).getBytes(StandardCharsets.UTF_8)) : null;
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next_cursor", nextCursor);
        return page;
    }

    @GetMapping("/customers/{id}/summary")
    Map<String, Object> summary(@PathVariable String id) {
        Map<String, Object> customer = findCustomer(parseId(id));
        List<OrderRow> orders = ordersOf((Long) customer.get("id"));
        long paid = 0;
        Instant last = null;
        for (OrderRow order : orders) {
            Order details = orderJson(order);
            if (details.status().equals("paid")) {
                paid += details.totalCents();
            }
            if (last == null || order.createdAt().isAfter(last)) {
                last = order.createdAt();
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("customer_id", customer.get("id"));
        summary.put("name", customer.get("name"));
        summary.put("region", customer.get("region"));
        summary.put("order_count", orders.size());
        summary.put("paid_total_cents", paid);
        summary.put("last_order_at", last == null ? null : last.toString());
        return summary;
    }
}
