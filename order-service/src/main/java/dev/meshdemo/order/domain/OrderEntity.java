package dev.meshdemo.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order (table {@code orders}); its lines are {@link OrderLineEntity} rows. {@code cartCleared}: whether the
 * user's cart was emptied after it (false: {@link CartClearRetries} still has to, and new orders wait).
 */
@Entity
@Table(name = "orders")
public class OrderEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public BigDecimal total;

    @Column(nullable = false)
    public String currency;

    @Column(name = "cart_cleared", nullable = false)
    public boolean cartCleared;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "cart_cleared_at")
    public Instant cartClearedAt;
}
