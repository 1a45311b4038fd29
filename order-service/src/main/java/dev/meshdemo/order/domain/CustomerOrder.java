package dev.meshdemo.order.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A placed order with its lines, priced when it was placed. */
@Entity
@Table(name = "orders")
public class CustomerOrder extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false, precision = 12, scale = 2)
    public BigDecimal total;

    @Column(nullable = false, length = 3)
    public String currency;

    /** Whether the cart this order came from has been emptied; false until {@link CartClearRetries} managed. */
    @Column(name = "cart_cleared", nullable = false)
    public boolean cartCleared;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "cart_cleared_at")
    public OffsetDateTime cartClearedAt;

    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    @OrderBy("id")
    public List<OrderLine> lines = new ArrayList<>();

    public int itemCount() {
        return lines.stream().mapToInt(l -> l.quantity).sum();
    }

    /** The user's orders, newest first. */
    public static List<CustomerOrder> newestOf(String userId, int limit) {
        return find("userId", Sort.by("createdAt").descending().and("id", Sort.Direction.Descending), userId)
                .page(Page.ofSize(limit)).list();
    }

    /** The order of this user whose cart still has to be emptied, if any. */
    public static CustomerOrder cartPendingOf(String userId) {
        return find("userId = ?1 and cartCleared = false", Sort.by("id"), userId).firstResult();
    }

    /** Users with at least one order whose cart still has to be emptied. */
    public static List<String> usersWithCartPending(int limit) {
        return getEntityManager().createQuery(
                "select distinct o.userId from CustomerOrder o where o.cartCleared = false", String.class)
                .setMaxResults(limit).getResultList();
    }

    public static int markCartCleared(String userId) {
        return update("cartCleared = true, cartClearedAt = ?2 where userId = ?1 and cartCleared = false",
                userId, OffsetDateTime.now());
    }
}
