package dev.meshdemo.cart.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.List;

/**
 * One line of a user's cart. Name, unit price and currency are copied from product-service when the product is
 * added (and refreshed whenever it is added again), so reading a cart never calls another service.
 */
@Entity
@Table(name = "cart_item")
public class CartItem extends PanacheEntityBase {

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

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    /** The lines of a cart in the order they were first added. */
    public static List<CartItem> ofUser(String userId) {
        return list("userId", Sort.by("id"), userId);
    }
}
