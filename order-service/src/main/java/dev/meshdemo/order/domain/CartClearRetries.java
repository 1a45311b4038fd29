package dev.meshdemo.order.domain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Empties carts that could not be emptied when their order was placed ({@code cart_cleared = false}), every
 * {@code meshdemo.order.cart-clear-retry.every} (10 s). Until it succeeds, {@link OrderPlacement} refuses new
 * orders of that user, so a cart left full is never ordered a second time. Several replicas may run it at once:
 * emptying a cart is idempotent. No database transaction is held while cart-service is called.
 */
@ApplicationScoped
public class CartClearRetries {

    private static final Logger LOG = Logger.getLogger(CartClearRetries.class);
    private static final int BATCH = 100;

    private final OrderPlacement placement;
    private final Orders orders;

    public CartClearRetries(OrderPlacement placement, Orders orders) {
        this.placement = placement;
        this.orders = orders;
    }

    @Scheduled(identity = "cart-clear-retries", every = "${meshdemo.order.cart-clear-retry.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        retryPending();
    }

    /** @return how many users' carts were emptied */
    public int retryPending() {
        List<String> users = QuarkusTransaction.requiringNew().call(() -> orders.usersWithCartPending(BATCH));
        int cleared = 0;
        for (String userId : users) {
            if (placement.retryClearCart(userId)) {
                QuarkusTransaction.requiringNew().run(() -> orders.markCartCleared(userId));
                cleared++;
            }
        }
        if (!users.isEmpty()) {
            LOG.infof("emptied %d of %d carts left full after their order", cleared, users.size());
        }
        return cleared;
    }
}
