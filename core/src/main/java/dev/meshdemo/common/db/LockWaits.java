package dev.meshdemo.common.db;

import java.sql.Connection;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Statements that wait for a lock on purpose (a duplicate {@code Idempotency-Key}, two orders of one user)
 * may take longer than the 1 s read timeout that turns a hung database into a fast 503. Such a statement runs
 * here: first a round trip at the normal timeout (a hung database still fails fast), then the waiting
 * statement with the server-side {@code lock_timeout} and a read timeout just above it, then the normal
 * timeout again. Must run inside a transaction ({@code SET LOCAL}), where every {@link Sql} call uses the
 * transaction's one connection.
 */
public final class LockWaits {

    /** Longer than the slowest holder: an order calls three services, each bounded by CallPolicy. */
    public static final Duration MAX_LOCK_WAIT = Duration.ofSeconds(15);

    private LockWaits() {
    }

    public static <T> T waitingForLock(Sql sql, Supplier<T> statement) {
        sql.update("SET LOCAL lock_timeout = '" + MAX_LOCK_WAIT.toMillis() + "ms'");
        int normal = sql.work(Connection::getNetworkTimeout);
        setNetworkTimeout(sql, (int) MAX_LOCK_WAIT.plusSeconds(1).toMillis());
        try {
            return statement.get();
        } finally {
            setNetworkTimeout(sql, normal);
        }
    }

    private static void setNetworkTimeout(Sql sql, int millis) {
        sql.work(connection -> {
            connection.setNetworkTimeout(Runnable::run, millis);
            return null;
        });
    }
}
