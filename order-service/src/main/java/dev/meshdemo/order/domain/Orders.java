package dev.meshdemo.order.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Orders and their lines: the repository of {@link OrderEntity} (lines: {@link OrderLineEntity}). */
@ApplicationScoped
public class Orders implements PanacheRepository<OrderEntity> {

    /** An order as listed (its lines are read in a second query). */
    public record Summary(long id, Instant createdAt, BigDecimal total, String currency, boolean cartCleared) {
    }

    /** A line as read, with the order it belongs to. */
    public record LineRow(long orderId, long productId, String name, BigDecimal unitPrice, int quantity,
                          BigDecimal lineTotal) {
    }

    /** The user's orders, newest first, each with its lines in the order they were written. */
    public List<CustomerOrder> newestOf(String userId, int limit) {
        // Two queries: the page of orders, then the lines of that page (no join fetch with a page).
        List<Summary> page = find("userId", Sort.descending("createdAt", "id"), userId)
                .page(Page.ofSize(limit)).project(Summary.class).list();
        if (page.isEmpty()) {
            return List.of();
        }
        List<LineRow> rows = getEntityManager().createQuery("""
                select l.orderId, l.productId, l.name, l.unitPrice, l.quantity, l.lineTotal
                from OrderLineEntity l where l.orderId in ?1 order by l.id""", LineRow.class)
                .setParameter(1, page.stream().map(Summary::id).toList()).getResultList();
        Map<Long, List<OrderLine>> lines = new HashMap<>();
        for (LineRow row : rows) {
            lines.computeIfAbsent(row.orderId(), id -> new ArrayList<>()).add(
                    new OrderLine(row.productId(), row.name(), row.unitPrice(), row.quantity(), row.lineTotal()));
        }
        return page.stream().map(o -> new CustomerOrder(o.id(), userId, o.createdAt(),
                List.copyOf(lines.getOrDefault(o.id(), List.of())), o.total(), o.currency(), o.cartCleared()))
                .toList();
    }

    /** How many orders the user has, and how many of them with a cart still to empty (one aggregate query). */
    OrderState stateOf(String userId) {
        return getEntityManager().createQuery("""
                select count(*), count(*) filter (where o.cartCleared = false)
                from OrderEntity o where o.userId = ?1""", OrderState.class)
                .setParameter(1, userId).getSingleResult();
    }

    /** The id of the user's first order whose cart still has to be emptied, if any. */
    public Optional<Long> cartPendingOf(String userId) {
        return getEntityManager().createQuery(
                "select o.id from OrderEntity o where o.userId = ?1 and o.cartCleared = false order by o.id", Long.class)
                .setParameter(1, userId).setMaxResults(1).getResultStream().findFirst();
    }

    /** Users with at least one order whose cart still has to be emptied. */
    public List<String> usersWithCartPending(int limit) {
        return getEntityManager().createQuery(
                "select distinct o.userId from OrderEntity o where o.cartCleared = false", String.class)
                .setMaxResults(limit).getResultList();
    }

    /** Records that the user's cart was emptied, for every order of the user still waiting for it. */
    @Transactional
    public int markCartCleared(String userId) {
        return update("cartCleared = true, cartClearedAt = ?1 where userId = ?2 and cartCleared = false",
                Instant.now(), userId);
    }

    /**
     * Locks the user until the transaction ends, so two orders of one user run one after the other. Native: an
     * advisory lock has no HQL form, and no row stands for "the user's next order". Waits for a holder, so the
     * caller runs it through {@code LockWaits}.
     */
    @Transactional(TxType.MANDATORY)
    void lockUser(String userId) {
        getEntityManager().createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "order-user:" + userId).getSingleResult();
    }

    /**
     * Writes an order whose cart is not emptied yet, and its lines; the order, managed until the commit. Only
     * inside the placing transaction: the database checks at its commit that the order has lines.
     */
    @Transactional(TxType.MANDATORY)
    OrderEntity insert(String userId, Instant createdAt, BigDecimal total, String currency, List<OrderLine> lines) {
        OrderEntity order = new OrderEntity();
        order.userId = userId;
        order.createdAt = createdAt;
        order.total = total;
        order.currency = currency;
        order.cartCleared = false;
        persist(order); // an identity column: inserted now, for its id
        // Native: all lines in one statement (one round trip) whatever their number, the columns as arrays
        // unnested side by side in the cart's order (line ids keep it); identity ids rule out a JDBC batch.
        // Amounts go as text: the driver has no encoding for BigDecimal[].
        getEntityManager().createNativeQuery("""
                INSERT INTO order_line (order_id, product_id, name, unit_price, quantity, line_total)
                SELECT ?1, l.product_id, l.name, l.unit_price, l.quantity, l.line_total
                FROM unnest(CAST(?2 AS bigint[]), CAST(?3 AS varchar[]), CAST(?4 AS numeric[]), CAST(?5 AS integer[]),
                            CAST(?6 AS numeric[])) WITH ORDINALITY
                     AS l (product_id, name, unit_price, quantity, line_total, position)
                ORDER BY l.position""")
                .setParameter(1, order.id)
                .setParameter(2, lines.stream().map(OrderLine::productId).toArray(Long[]::new))
                .setParameter(3, lines.stream().map(OrderLine::name).toArray(String[]::new))
                .setParameter(4, lines.stream().map(l -> l.unitPrice().toPlainString()).toArray(String[]::new))
                .setParameter(5, lines.stream().map(OrderLine::quantity).toArray(Integer[]::new))
                .setParameter(6, lines.stream().map(l -> l.lineTotal().toPlainString()).toArray(String[]::new))
                .executeUpdate();
        return order;
    }
}
