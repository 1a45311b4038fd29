package dev.meshdemo.order.api;

import dev.meshdemo.order.domain.CustomerOrder;
import dev.meshdemo.order.domain.OrderLine;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An order as the API shows it. {@code cartCleared=false} says the cart it came from could not be emptied yet:
 * order-service keeps trying, and refuses new orders of the user until it has.
 */
public record OrderDto(long id, String userId, OffsetDateTime createdAt, List<Line> lines, int itemCount,
                       BigDecimal total, String currency, boolean cartCleared) {

    public record Line(long productId, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {
        static Line of(OrderLine l) {
            return new Line(l.productId(), l.name(), l.unitPrice(), l.quantity(), l.lineTotal());
        }
    }

    static OrderDto of(CustomerOrder o) {
        return new OrderDto(o.id(), o.userId(), o.createdAt().atOffset(ZoneOffset.UTC),
                o.lines().stream().map(Line::of).toList(), o.itemCount(), o.total(), o.currency(), o.cartCleared());
    }
}
