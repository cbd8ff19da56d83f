package orders;

import java.time.Instant;
import java.util.List;

/** An order as the API shows it (snake_case by spring.jackson.property-naming-strategy). */
public record Order(long id, String status, Instant createdAt, long totalCents, List<Line> lines) {

    /** One line of an order. */
    public record Line(String sku, int quantity, int unitPriceCents) {}
}
