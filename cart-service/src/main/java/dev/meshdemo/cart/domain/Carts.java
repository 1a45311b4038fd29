package dev.meshdemo.cart.domain;

import dev.meshdemo.cart.client.ProductSummary;
import dev.meshdemo.common.errors.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Carts: the repository of {@link CartItem}, their lines and the changes to them. */
@ApplicationScoped
public class Carts implements PanacheRepository<CartItem> {

    /** The most of one product a cart may hold; the request validation uses the same bound. */
    public static final int MAX_QUANTITY = 99;

    /** The lines of a cart in the order they were first added (an unknown user's cart is empty). */
    public List<CartLine> lines(String userId) {
        return find("userId", Sort.by("id"), userId).project(CartLine.class).list();
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
        // Native: HQL has no ON CONFLICT ... DO UPDATE ... WHERE, nor RETURNING (xmax = 0), which tells an
        // insert from an update in the same round trip.
        List<?> inserted = getEntityManager().createNativeQuery("""
                INSERT INTO cart_item (user_id, product_id, name, unit_price, currency, quantity)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT ON CONSTRAINT cart_item_one_line_per_product DO UPDATE
                   SET quantity = cart_item.quantity + EXCLUDED.quantity,
                       name = EXCLUDED.name, unit_price = EXCLUDED.unit_price, currency = EXCLUDED.currency
                 WHERE cart_item.quantity + EXCLUDED.quantity <= ?7
                RETURNING (xmax = 0)""", Boolean.class) // xmax = 0 only on a freshly inserted row
                .setParameter(1, userId).setParameter(2, product.id()).setParameter(3, product.name())
                .setParameter(4, product.price()).setParameter(5, product.currency()).setParameter(6, quantity)
                .setParameter(7, MAX_QUANTITY)
                .getResultList();
        if (inserted.isEmpty()) {
            // The line exists and the WHERE refused the update; the row is locked by the statement above.
            int current = getEntityManager().createQuery(
                    "select quantity from CartItem where userId = ?1 and productId = ?2", Integer.class)
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
        return delete("id = ?1 and userId = ?2", itemId, userId) > 0;
    }

    /**
     * Empties the cart; emptying an empty or unknown cart is fine (idempotent). Native, unlike {@link #remove}:
     * Hibernate 7.2 translates an HQL delete anew on every execution, and every order empties a cart.
     */
    @Transactional
    public int clear(String userId) {
        return getEntityManager().createNativeQuery("DELETE FROM cart_item WHERE user_id = ?1")
                .setParameter(1, userId).executeUpdate();
    }
}
