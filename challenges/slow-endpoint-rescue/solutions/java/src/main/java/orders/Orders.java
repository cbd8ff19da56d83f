package orders;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading orders: a page of a customer's orders with their lines, and a customer's summary. Every request
 * runs a fixed number of queries (the customer, one page, the lines of that page), each served by an index:
 * the cost of a request does not grow with the customer's history.
 */
@Repository
public class Orders {
    private static final String CUSTOMER_EXISTS = "SELECT 1 FROM customers WHERE id = ?";
    private static final String FIRST_PAGE = """
            SELECT id, status, created_at FROM orders WHERE customer_id = ?
            ORDER BY created_at DESC, id DESC LIMIT ?""";
    // The row comparison matches the index order, so the scan starts right after the previous page.
    private static final String NEXT_PAGE = """
            SELECT id, status, created_at FROM orders
            WHERE customer_id = ? AND (created_at, id) < (?, ?)
            ORDER BY created_at DESC, id DESC LIMIT ?""";
    private static final String LINES = """
            SELECT order_id, sku, quantity, unit_price_cents FROM order_lines
            WHERE order_id = ANY(?) ORDER BY id""";
    private static final String SUMMARY = """
            SELECT c.id, c.name, c.region,
                   (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) AS order_count,
                   (SELECT coalesce(sum(l.quantity::bigint * l.unit_price_cents), 0)
                      FROM orders o JOIN order_lines l ON l.order_id = o.id
                     WHERE o.customer_id = c.id AND o.status = 'paid') AS paid_total_cents,
                   (SELECT max(o.created_at) FROM orders o WHERE o.customer_id = c.id) AS last_order_at
            FROM customers c WHERE c.id = ?""";

    private final JdbcTemplate jdbc;

    public Orders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of orders, and whether another follows. */
    public record Page(List<Order> items, Cursor next) {}

    /** One row of the summary. */
    public record Summary(long customerId, String name, String region, long orderCount, long paidTotalCents,
            Instant lastOrderAt) {}

    private record OrderRow(long id, String status, Instant createdAt) {}

    /** The page after `after` (null: the first page); empty when the customer does not exist. */
    @Transactional(readOnly = true)
    public Optional<Page> page(long customerId, int limit, Cursor after) {
        if (jdbc.queryForList(CUSTOMER_EXISTS, Integer.class, customerId).isEmpty()) {
            return Optional.empty();
        }
        // One row more than the page tells whether another page follows.
        List<OrderRow> rows = after == null
                ? jdbc.query(FIRST_PAGE, Orders::orderRow, customerId, limit + 1)
                : jdbc.query(NEXT_PAGE, Orders::orderRow, customerId,
                        OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC), after.id(), limit + 1);
        List<OrderRow> page = rows.subList(0, Math.min(limit, rows.size()));
        Map<Long, List<Order.Line>> lines = linesOf(page);
        List<Order> items = new ArrayList<>();
        for (OrderRow row : page) {
            List<Order.Line> its = lines.get(row.id());
            long total = its.stream().mapToLong(l -> (long) l.quantity() * l.unitPriceCents()).sum();
            items.add(new Order(row.id(), row.status(), row.createdAt(), total, its));
        }
        OrderRow last = page.isEmpty() ? null : page.get(page.size() - 1);
        Cursor next = rows.size() > limit ? new Cursor(last.createdAt(), last.id()) : null;
        return Optional.of(new Page(items, next));
    }

    /** The lines of a page's orders in one query, by order, in the order they were written. */
    private Map<Long, List<Order.Line>> linesOf(List<OrderRow> page) {
        Map<Long, List<Order.Line>> lines = new LinkedHashMap<>();
        page.forEach(row -> lines.put(row.id(), new ArrayList<>()));
        if (page.isEmpty()) {
            return lines;
        }
        Long[] ids = page.stream().map(OrderRow::id).toArray(Long[]::new);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(LINES);
            Array array = connection.createArrayOf("bigint", ids);
            statement.setArray(1, array);
            return statement;
        }, (ResultSet row) -> {
            lines.get(row.getLong("order_id")).add(new Order.Line(row.getString("sku"), row.getInt("quantity"),
                    row.getInt("unit_price_cents")));
        });
        return lines;
    }

    @Transactional(readOnly = true)
    public Optional<Summary> summary(long customerId) {
        return jdbc.query(SUMMARY, Orders::summaryRow, customerId).stream().findFirst();
    }

    private static OrderRow orderRow(ResultSet row, int n) throws SQLException {
        return new OrderRow(row.getLong("id"), row.getString("status"),
                row.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static Summary summaryRow(ResultSet row, int n) throws SQLException {
        OffsetDateTime last = row.getObject("last_order_at", OffsetDateTime.class);
        return new Summary(row.getLong("id"), row.getString("name"), row.getString("region"),
                row.getLong("order_count"), row.getLong("paid_total_cents"), last == null ? null : last.toInstant());
    }
}
