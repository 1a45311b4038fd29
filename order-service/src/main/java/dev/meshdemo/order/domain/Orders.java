package dev.meshdemo.order.domain;

import dev.meshdemo.common.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code orders} and {@code order_line} tables. */
@ApplicationScoped
public class Orders {

    private final Sql sql;

    public Orders(Sql sql) {
        this.sql = sql;
    }

    /** The user's orders, newest first, each with its lines in the order they were written. */
    public List<CustomerOrder> newestOf(String userId, int limit) {
        List<LineOfOrder> rows = sql.list("""
                SELECT o.id, o.created_at, o.total, o.currency, o.cart_cleared,
                       l.product_id, l.name, l.unit_price, l.quantity, l.line_total
                FROM (SELECT * FROM orders WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?) o
                JOIN order_line l ON l.order_id = o.id
                ORDER BY o.created_at DESC, o.id DESC, l.id""", LineOfOrder::of, userId, limit);
        Map<Long, List<OrderLine>> lines = new LinkedHashMap<>();
        Map<Long, LineOfOrder> orders = new LinkedHashMap<>();
        for (LineOfOrder row : rows) {
            orders.putIfAbsent(row.orderId(), row);
            lines.computeIfAbsent(row.orderId(), id -> new ArrayList<>()).add(row.line());
        }
        return orders.values().stream().map(o -> new CustomerOrder(o.orderId(), userId, o.createdAt(),
                List.copyOf(lines.get(o.orderId())), o.total(), o.currency(), o.cartCleared())).toList();
    }

    /** A row of the join: an order's columns and one of its lines. */
    private record LineOfOrder(long orderId, Instant createdAt, BigDecimal total, String currency,
                               boolean cartCleared, OrderLine line) {
        static LineOfOrder of(ResultSet row) throws SQLException {
            return new LineOfOrder(row.getLong("id"), Sql.instant(row, "created_at"), row.getBigDecimal("total"),
                    row.getString("currency"), row.getBoolean("cart_cleared"),
                    new OrderLine(row.getLong("product_id"), row.getString("name"), row.getBigDecimal("unit_price"),
                            row.getInt("quantity"), row.getBigDecimal("line_total")));
        }
    }

    /** How many orders the user has, and how many of them with a cart still to empty. */
    OrderPlacement.OrderState stateOf(String userId) {
        return sql.first("SELECT count(*), count(*) FILTER (WHERE NOT cart_cleared) FROM orders WHERE user_id = ?",
                row -> new OrderPlacement.OrderState(row.getLong(1), row.getLong(2)), userId).orElseThrow();
    }

    /** The id of the user's first order whose cart still has to be emptied, if any. */
    public Optional<Long> cartPendingOf(String userId) {
        return sql.first("SELECT id FROM orders WHERE user_id = ? AND NOT cart_cleared ORDER BY id LIMIT 1",
                row -> row.getLong(1), userId);
    }

    /** Users with at least one order whose cart still has to be emptied. */
    public List<String> usersWithCartPending(int limit) {
        return sql.list("SELECT DISTINCT user_id FROM orders WHERE NOT cart_cleared LIMIT ?",
                row -> row.getString(1), limit);
    }

    /** Records that the user's cart was emptied, for every order of the user still waiting for it. */
    public int markCartCleared(String userId) {
        return sql.update("UPDATE orders SET cart_cleared = true, cart_cleared_at = ?"
                + " WHERE user_id = ? AND NOT cart_cleared", Instant.now(), userId);
    }

    /**
     * Writes an order whose cart is not emptied yet, and its lines: the order's id. The database checks at the
     * commit that the order has lines.
     */
    long insert(String userId, Instant createdAt, BigDecimal total, String currency, List<OrderLine> lines) {
        long id = sql.first("""
                INSERT INTO orders (user_id, total, currency, cart_cleared, created_at)
                VALUES (?, ?, ?, false, ?) RETURNING id""", row -> row.getLong(1),
                userId, total, currency, createdAt).orElseThrow();
        // All lines in one statement (one round trip): the columns as arrays, unnested side by side, in the
        // cart's order (line ids keep it). Amounts go as text: the driver has no encoding for BigDecimal[].
        sql.update("""
                INSERT INTO order_line (order_id, product_id, name, unit_price, quantity, line_total)
                SELECT ?, l.product_id, l.name, l.unit_price, l.quantity, l.line_total
                FROM unnest(?::bigint[], ?::varchar[], ?::numeric[], ?::integer[], ?::numeric[]) WITH ORDINALITY
                     AS l (product_id, name, unit_price, quantity, line_total, position)
                ORDER BY l.position""",
                id,
                lines.stream().map(OrderLine::productId).toArray(Long[]::new),
                lines.stream().map(OrderLine::name).toArray(String[]::new),
                lines.stream().map(l -> l.unitPrice().toPlainString()).toArray(String[]::new),
                lines.stream().map(OrderLine::quantity).toArray(Integer[]::new),
                lines.stream().map(l -> l.lineTotal().toPlainString()).toArray(String[]::new));
        return id;
    }

    /** The cart of a just-written order was emptied while it was placed. */
    void cartClearedAtPlacement(long orderId, Instant at) {
        sql.update("UPDATE orders SET cart_cleared = true, cart_cleared_at = ? WHERE id = ?", at, orderId);
    }
}
