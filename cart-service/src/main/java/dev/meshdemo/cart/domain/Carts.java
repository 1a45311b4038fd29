package dev.meshdemo.cart.domain;

import dev.meshdemo.cart.client.ProductSummary;
import dev.meshdemo.common.errors.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** Changes to carts. Reads go straight to {@link CartItem}. */
@ApplicationScoped
public class Carts {

    /** The most of one product a cart may hold; the request validation uses the same bound. */
    public static final int MAX_QUANTITY = 99;

    private final EntityManager em;

    public Carts(EntityManager em) {
        this.em = em;
    }

    /**
     * Adds {@code quantity} of a product: a new line, or more of the line the cart already has (with the name
     * and price refreshed from {@code product}). One statement, so concurrent adds of the same product merge
     * on the unique (user, product) constraint instead of racing. Going above {@link #MAX_QUANTITY} is a 409
     * and changes nothing.
     *
     * @return true when a new line was created, false when an existing line grew
     */
    @Transactional
    public boolean add(String userId, ProductSummary product, int quantity) {
        @SuppressWarnings("unchecked")
        List<Object> inserted = em.createNativeQuery("""
                INSERT INTO cart_item (user_id, product_id, name, unit_price, currency, quantity)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT ON CONSTRAINT cart_item_one_line_per_product DO UPDATE
                   SET quantity = cart_item.quantity + EXCLUDED.quantity,
                       name = EXCLUDED.name, unit_price = EXCLUDED.unit_price, currency = EXCLUDED.currency
                 WHERE cart_item.quantity + EXCLUDED.quantity <= ?7
                RETURNING (xmax = 0)""") // xmax = 0 only on a freshly inserted row
                .setParameter(1, userId).setParameter(2, product.id()).setParameter(3, product.name())
                .setParameter(4, product.price()).setParameter(5, product.currency()).setParameter(6, quantity)
                .setParameter(7, MAX_QUANTITY)
                .getResultList();
        if (inserted.isEmpty()) {
            // The line exists and the WHERE refused the update; the row is locked by the statement above.
            Number current = (Number) em.createNativeQuery(
                    "SELECT quantity FROM cart_item WHERE user_id = ?1 AND product_id = ?2")
                    .setParameter(1, userId).setParameter(2, product.id()).getSingleResult();
            throw ProblemException.conflict("quantity-limit", "The cart already holds " + current
                    + " of product " + product.id() + "; adding " + quantity + " would exceed the limit of "
                    + MAX_QUANTITY + " per product");
        }
        return (Boolean) inserted.get(0);
    }

    /** @return false when the cart has no such line */
    @Transactional
    public boolean remove(String userId, long itemId) {
        return CartItem.delete("id = ?1 and userId = ?2", itemId, userId) > 0;
    }

    /** Empties the cart; emptying an empty or unknown cart is fine (idempotent). */
    @Transactional
    public long clear(String userId) {
        return CartItem.delete("userId", userId);
    }
}
