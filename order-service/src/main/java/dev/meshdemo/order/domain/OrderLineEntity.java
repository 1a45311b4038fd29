package dev.meshdemo.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/**
 * One line of an order (table {@code order_line}), read by {@link Orders}; written by one native statement
 * there. The order is its {@code orderId} column, not an association: lines are only ever read by order id.
 */
@Entity
@Table(name = "order_line")
public class OrderLineEntity {

    @Id
    public Long id;

    @Column(name = "order_id", nullable = false)
    public long orderId;

    @Column(name = "product_id", nullable = false)
    public long productId;

    @Column(nullable = false)
    public String name;

    @Column(name = "unit_price", nullable = false)
    public BigDecimal unitPrice;

    @Column(nullable = false)
    public int quantity;

    @Column(name = "line_total", nullable = false)
    public BigDecimal lineTotal;
}
