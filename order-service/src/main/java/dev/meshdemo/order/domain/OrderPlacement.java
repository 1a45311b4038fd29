package dev.meshdemo.order.domain;

import dev.meshdemo.common.client.Downstream;
import dev.meshdemo.common.db.LockWaits;
import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.order.client.CartClient;
import dev.meshdemo.order.client.ProductClient;
import dev.meshdemo.order.client.UserClient;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Places an order in two parts, so that no connection or lock is held across a network call that only reads.
 *
 * <p>{@link #read} runs first, outside any transaction: it notes the user's order state in the database
 * (how many orders, how many with a cart still to empty), then asks user-service, then cart-service, then
 * product-service for every product in the cart at the same time. Failures are kept, not thrown: they become
 * the answer only once the key is claimed (a replayed key answers what it answered before).
 *
 * <p>{@link #place} runs inside the transaction in which {@code Idempotency} claimed the request's key, so the
 * order, its lines and the stored answer commit together or not at all. Its steps, and what a failure in each
 * leaves behind:
 * <ol>
 *   <li>lock the user (a transaction-scoped advisory lock): two orders of one user with different keys run one
 *       after the other;</li>
 *   <li>refuse (409 {@code cart-clear-pending}) while an earlier order's cart could not be emptied yet: that
 *       cart still holds what was ordered, and ordering it again would be the double order;</li>
 *   <li>if the user's order state changed since {@link #read} (another order was placed, or a pending cart was
 *       emptied, while we were reading), the cart that was read may be one that has been ordered already: read
 *       again, now under the lock, as the only order of the user in flight. So the second of two concurrent
 *       orders finds the cart the first emptied (409 empty cart), never the same cart;</li>
 *   <li>the reads' outcome, in the order the calls used to be made: a 404 user is a 404, an empty cart or a
 *       product that no longer exists a 409, a dependency that cannot answer a 503. Nothing has been written;
 *       a 4xx answer is stored for the key, a 503 frees the key so the client can retry with it;</li>
 *   <li>insert the order and its lines (the database refuses an order without lines);</li>
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
    /** What {@link #place} needs, read before the transaction; {@code failure} is thrown there, not here. */
    public record Reads(OrderState state, CartClient.Cart cart, Map<Long, ProductClient.Product> products,
                        ProblemException failure) {
    }

    private final Orders orders;
    private final LockWaits lockWaits;
    private final UserClient users;
    private final CartClient carts;
    private final ProductClient products;
    private final ManagedExecutor readers;

    public OrderPlacement(Orders orders, LockWaits lockWaits, @RestClient UserClient users,
                          @RestClient CartClient carts, @RestClient ProductClient products,
                          @Identifier(DownstreamReads.EXECUTOR) ManagedExecutor readers) {
        this.orders = orders;
        this.lockWaits = lockWaits;
        this.users = users;
        this.carts = carts;
        this.products = products;
        this.readers = readers;
    }

    /**
     * The downstream reads, outside a transaction, before {@link #place}: the user first (a user nobody knows,
     * or a user-service behind an open circuit, costs no other call), then the cart, then every product in it
     * at the same time.
     */
    public Reads read(String userId) {
        OrderState state = orders.stateOf(userId);
        CartClient.Cart cart;
        try {
            Downstream.call(USER_SERVICE, () -> users.get(userId));
            cart = Downstream.call(CART_SERVICE, () -> carts.get(userId));
        } catch (ProblemException e) {
            return new Reads(state, null, Map.of(), e);
        }
        List<Long> ids = items(cart).stream().map(CartClient.Item::productId).distinct().toList();
        Map<Long, CompletableFuture<ProductClient.Product>> pending = new LinkedHashMap<>();
        for (long id : ids) {
            // One product (the common cart) is read on this thread: a hand-over would only add latency.
            pending.put(id, ids.size() == 1 ? now(PRODUCT_SERVICE, () -> products.get(id))
                    : async(PRODUCT_SERVICE, () -> products.get(id)));
        }
        Map<Long, ProductClient.Product> found = new LinkedHashMap<>();
        for (Map.Entry<Long, CompletableFuture<ProductClient.Product>> p : pending.entrySet()) {
            ProblemException failure = failureOf(p.getValue());
            if (failure != null) { // the first product of the cart that failed, as when they were read in turn
                return new Reads(state, cart, Map.of(), productFailure(p.getKey(), failure));
            }
            found.put(p.getKey(), p.getValue().join());
        }
        return new Reads(state, cart, found, null);
    }

    /**
     * Must run in a transaction (the one {@code Idempotency.execute} opens), with what {@link #read} returned
     * (null: nothing was read, because the key seemed answered; then the reads happen here, under the lock).
     */
    public CustomerOrder place(String userId, Reads reads) {
        lockWaits.waitingForLock(() -> orders.lockUser(userId));
        Optional<Long> pending = orders.cartPendingOf(userId);
        if (pending.isPresent()) {
            throw ProblemException.conflict("cart-clear-pending", "Order " + pending.get()
                    + " was placed from this cart but the cart could not be emptied yet; it is emptied"
                    + " automatically, try again in a few seconds");
        }
        if (reads == null || !orders.stateOf(userId).equals(reads.state())) {
            LOG.debugf("orders of %s changed while reading; reading the cart again under the lock", userId);
            reads = read(userId);
        }
        if (reads.failure() != null) {
            throw reads.failure();
        }
        List<CartClient.Item> items = items(reads.cart());
        if (items.isEmpty()) {
            throw ProblemException.conflict("empty-cart", "The cart of " + userId + " is empty");
        }

        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        List<OrderLine> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        String currency = null;
        for (CartClient.Item item : items) {
            ProductClient.Product product = reads.products().get(item.productId());
            BigDecimal lineTotal = product.price().multiply(BigDecimal.valueOf(item.quantity()));
            lines.add(new OrderLine(product.id(), product.name(), product.price(), item.quantity(), lineTotal));
            total = total.add(lineTotal);
            currency = product.currency();
        }
        OrderEntity order = orders.insert(userId, createdAt, total, currency, lines);

        boolean cartCleared = clearCart(userId);
        if (cartCleared) { // written at the commit (the order is managed until then)
            order.cartCleared = true;
            order.cartClearedAt = createdAt;
        }
        return new CustomerOrder(order.id, userId, createdAt, List.copyOf(lines), total, currency, cartCleared);
    }

    private static <T> CompletableFuture<T> now(String dependency, Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(Downstream.call(dependency, call));
        } catch (ProblemException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletableFuture<T> async(String dependency, Supplier<T> call) {
        return readers.supplyAsync(() -> Downstream.call(dependency, call));
    }

    /** Waits for a read; its ProblemException, or null when it succeeded. Anything else is a bug and is thrown. */
    private static ProblemException failureOf(CompletableFuture<?> read) {
        try {
            read.join();
            return null;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ProblemException problem) {
                return problem;
            }
            if (e.getCause() instanceof RuntimeException other) {
                throw other;
            }
            throw e;
        }
    }

    private static ProblemException productFailure(long productId, ProblemException e) {
        if (e.problem().status() == 404) {
            return ProblemException.conflict("product-unavailable", "Product " + productId
                    + " in the cart is no longer in the catalog; remove it from the cart and order again");
        }
        return e;
    }

    private static List<CartClient.Item> items(CartClient.Cart cart) {
        return cart == null || cart.items() == null ? List.of() : cart.items();
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
