package dev.meshdemo.cart.domain;

import dev.meshdemo.cart.client.ProductSummary;
import dev.meshdemo.common.db.Sql;
import dev.meshdemo.common.errors.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Carts (table {@code cart_item}, db/migration): their lines, and changes to them. */
@ApplicationScoped
public class Carts {

    /** The most of one product a cart may hold; the request validation uses the same bound. */
    public static final int MAX_QUANTITY = 99;

    private static final Sql.Row<CartItem> LINE = row -> new CartItem(row.getLong("id"), row.getLong("product_id"),
            row.getString("name"), row.getBigDecimal("unit_price"), row.getString("currency"), row.getInt("quantity"));

    private final Sql sql;

    public Carts(Sql sql) {
        this.sql = sql;
    }

    /** The lines of a cart in the order they were first added (an unknown user's cart is empty). */
    public List<CartItem> lines(String userId) {
        return sql.list("""
                SELECT id, product_id, name, unit_price, currency, quantity
                  FROM cart_item WHERE user_id = ? ORDER BY id""", LINE, userId);
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
        List<Boolean> inserted = sql.list("""
                INSERT INTO cart_item (user_id, product_id, name, unit_price, currency, quantity)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT cart_item_one_line_per_product DO UPDATE
                   SET quantity = cart_item.quantity + EXCLUDED.quantity,
                       name = EXCLUDED.name, unit_price = EXCLUDED.unit_price, currency = EXCLUDED.currency
                 WHERE cart_item.quantity + EXCLUDED.quantity <= ?
                RETURNING (xmax = 0)""", // xmax = 0 only on a freshly inserted row
                row -> row.getBoolean(1),
                userId, product.id(), product.name(), product.price(), product.currency(), quantity, MAX_QUANTITY);
        if (inserted.isEmpty()) {
            // The line exists and the WHERE refused the update; the row is locked by the statement above.
            int current = sql.first("SELECT quantity FROM cart_item WHERE user_id = ? AND product_id = ?",
                    row -> row.getInt(1), userId, product.id()).orElseThrow();
            throw ProblemException.conflict("quantity-limit", "The cart already holds " + current
                    + " of product " + product.id() + "; adding " + quantity + " would exceed the limit of "
                    + MAX_QUANTITY + " per product");
        }
        return inserted.get(0);
    }

    /** @return false when the cart has no such line */
    @Transactional
    public boolean remove(String userId, long itemId) {
        return sql.update("DELETE FROM cart_item WHERE id = ? AND user_id = ?", itemId, userId) > 0;
    }

    /** Empties the cart; emptying an empty or unknown cart is fine (idempotent). */
    @Transactional
    public int clear(String userId) {
        return sql.update("DELETE FROM cart_item WHERE user_id = ?", userId);
    }
}
