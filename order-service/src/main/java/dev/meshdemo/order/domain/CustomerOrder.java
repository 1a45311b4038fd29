package dev.meshdemo.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A placed order with its lines, priced when it was placed. {@code cartCleared}: whether the cart it came from
 * has been emptied; false until {@link CartClearRetries} managed.
 */
public record CustomerOrder(long id, String userId, Instant createdAt, List<OrderLine> lines, BigDecimal total,
                            String currency, boolean cartCleared) {

    public int itemCount() {
        return lines.stream().mapToInt(OrderLine::quantity).sum();
    }
}
