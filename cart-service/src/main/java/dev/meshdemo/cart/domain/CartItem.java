package dev.meshdemo.cart.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/**
 * One line of a user's cart (table {@code cart_item}, db/migration). Name, unit price and currency are copied
 * from product-service when the product is added (and refreshed whenever it is added again), so reading a
 * cart never calls another service. Written by {@link Carts}; read as {@link CartLine} projections.
 */
@Entity
@Table(name = "cart_item")
public class CartItem {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "product_id", nullable = false)
    public long productId;

    @Column(nullable = false)
    public String name;

    @Column(name = "unit_price", nullable = false, precision = 10, scale = 2)
    public BigDecimal unitPrice;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(nullable = false)
    public int quantity;
}
