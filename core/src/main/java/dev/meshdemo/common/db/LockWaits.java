package dev.meshdemo.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;
import org.hibernate.Session;

/**
 * Statements that wait for a lock on purpose (a duplicate {@code Idempotency-Key}, two orders of one user)
 * may take longer than the 1 s read timeout that turns a hung database into a fast 503. Such a statement runs
 * here: first a round trip at the normal timeout (a hung database still fails fast), then the waiting
 * statement with the server-side {@code lock_timeout} and a read timeout just above it, then the normal
 * timeout again.
 * <p>
 * Only inside a caller's transaction ({@code MANDATORY}): {@code SET LOCAL} lasts until its end, and the
 * connection whose timeout changes is the transaction's one, which the Session's statements also use.
 */
@ApplicationScoped
public class LockWaits {

    /** Longer than the slowest holder: an order calls three services, each bounded by CallPolicy. */
    public static final Duration MAX_LOCK_WAIT = Duration.ofSeconds(15);

    private final Session session;

    public LockWaits(Session session) {
        this.session = session;
    }

    @Transactional(TxType.MANDATORY)
    public <T> T waitingForLock(Supplier<T> statement) {
        int normal = session.doReturningWork(connection -> {
            try (Statement set = connection.createStatement()) {
                set.execute("SET LOCAL lock_timeout = '" + MAX_LOCK_WAIT.toMillis() + "ms'");
            }
            int before = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, (int) MAX_LOCK_WAIT.plusSeconds(1).toMillis());
            return before;
        });
        try {
            return statement.get();
        } finally {
            session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, normal));
        }
    }

    /** The same for a statement without a result. */
    @Transactional(TxType.MANDATORY)
    public void waitingForLock(Runnable statement) {
        waitingForLock(() -> {
            statement.run();
            return null;
        });
    }
}
