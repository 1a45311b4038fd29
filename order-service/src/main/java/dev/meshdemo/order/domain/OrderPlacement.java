package dev.meshdemo.order.domain;

import dev.meshdemo.common.client.Downstream;
import dev.meshdemo.common.db.LockWaits;
import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.order.client.CartClient;
import dev.meshdemo.order.client.ProductClient;
import dev.meshdemo.order.client.UserClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Places an order. Runs inside the transaction in which {@code Idempotency} claimed the request's key, so the
 * order, its lines and the stored answer commit together or not at all. The steps and what a failure in each
 * leaves behind:
 * <ol>
 *   <li>lock the user (a transaction-scoped advisory lock): two orders of one user with different keys run one
 *       after the other, so the second finds the cart the first emptied (409 empty cart), never the same cart;</li>
 *   <li>refuse (409 {@code cart-clear-pending}) while an earlier order's cart could not be emptied yet: that
 *       cart still holds what was ordered, and ordering it again would be the double order;</li>
 *   <li>user-service, cart-service, product-service (GETs, retried on 5xx): a 404 user is a 404, an empty cart
 *       or a product that no longer exists a 409, a dependency that cannot answer a 503. Nothing has been
 *       written; a 4xx answer is stored for the key, a 503 frees the key so the client can retry with it;</li>
 *   <li>insert the order and its lines and flush them (the database refuses an order without lines);</li>
 *   <li>empty the cart (DELETE, idempotent, retried). If that fails the order still commits, with
 *       {@code cartCleared=false} in the database and in the answer; {@code CartClearRetries} empties the cart
 *       later and step 2 blocks new orders of the user until it has.</li>
 * </ol>
 * The one window left: the database fails between the cart's DELETE and the COMMIT (nothing is left to check
 * by then, so only a crash or a lost connection). The client gets a 5xx, no order exists and the cart is empty:
 * the user refills it. Losing a cart was preferred to the alternative of emptying it after the commit, where
 * the stored (replayed) answer could not say whether the cart was emptied.
 *
 * <p>No fallbacks: without the user, the cart or the current prices there is no order to place.
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class);
    static final String USER_SERVICE = "user-service";
    static final String CART_SERVICE = "cart-service";
    static final String PRODUCT_SERVICE = "product-service";

    private final EntityManager em;
    private final UserClient users;
    private final CartClient carts;
    private final ProductClient products;

    public OrderPlacement(EntityManager em, @RestClient UserClient users, @RestClient CartClient carts,
                          @RestClient ProductClient products) {
        this.em = em;
        this.users = users;
        this.carts = carts;
        this.products = products;
    }

    /** Must run in a transaction (the one {@code Idempotency.execute} opens). */
    public CustomerOrder place(String userId) {
        LockWaits.waitingForLock(em, () -> em.createNativeQuery(
                "SELECT count(*) FROM pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "order-user:" + userId).getSingleResult());
        CustomerOrder pending = CustomerOrder.cartPendingOf(userId);
        if (pending != null) {
            throw ProblemException.conflict("cart-clear-pending", "Order " + pending.id
                    + " was placed from this cart but the cart could not be emptied yet; it is emptied"
                    + " automatically, try again in a few seconds");
        }
        Downstream.call(USER_SERVICE, () -> users.get(userId));
        CartClient.Cart cart = Downstream.call(CART_SERVICE, () -> carts.get(userId));
        if (cart.items() == null || cart.items().isEmpty()) {
            throw ProblemException.conflict("empty-cart", "The cart of " + userId + " is empty");
        }

        CustomerOrder order = new CustomerOrder();
        order.userId = userId;
        order.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        order.total = BigDecimal.ZERO.setScale(2);
        for (CartClient.Item item : cart.items()) {
            ProductClient.Product product = currentProduct(item.productId());
            OrderLine line = new OrderLine();
            line.order = order;
            line.productId = product.id();
            line.name = product.name();
            line.unitPrice = product.price();
            line.quantity = item.quantity();
            line.lineTotal = product.price().multiply(BigDecimal.valueOf(item.quantity()));
            order.lines.add(line);
            order.total = order.total.add(line.lineTotal);
            order.currency = product.currency();
        }
        order.persist();
        em.flush();

        order.cartCleared = clearCart(userId);
        if (order.cartCleared) {
            order.cartClearedAt = order.createdAt;
        }
        return order;
    }

    private ProductClient.Product currentProduct(long productId) {
        try {
            return Downstream.call(PRODUCT_SERVICE, () -> products.get(productId));
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                throw ProblemException.conflict("product-unavailable", "Product " + productId
                        + " in the cart is no longer in the catalog; remove it from the cart and order again");
            }
            throw e;
        }
    }

    /** Empties the cart; false (and logged) when cart-service could not, so the order records it. */
    boolean clearCart(String userId) {
        try {
            Downstream.call(CART_SERVICE, () -> {
                carts.clear(userId);
                return null;
            });
            return true;
        } catch (ProblemException e) {
            LOG.warnf("the cart of %s could not be emptied after its order (%s); it will be retried",
                    userId, e.problem().detail());
            return false;
        }
    }

    /** Used by {@link CartClearRetries}: the same DELETE, outside any order transaction. */
    public boolean retryClearCart(String userId) {
        return clearCart(userId);
    }
}
