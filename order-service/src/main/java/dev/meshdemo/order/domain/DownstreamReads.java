package dev.meshdemo.order.domain;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.context.SmallRyeManagedExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * The executor of an order's parallel product reads: a ManagedExecutor, so the request's context (the CDI
 * request scope of the propagated headers, the trace) goes with each read and the container shuts it down.
 * <p>
 * Its own threads, not the worker pool that Quarkus' default ManagedExecutor runs on: a request thread waiting
 * for its reads must never wait for a thread that other waiting requests hold (no pool deadlock at saturation).
 * {@value #THREADS} blocking reads at ~2 ms each is far beyond the orders per second two cores can place; a
 * burst beyond it queues here, bounded by the calls' own timeouts. A transaction never goes along (Downstream
 * suspends it, and the reads happen before it anyway).
 */
@ApplicationScoped
public class DownstreamReads {

    public static final String EXECUTOR = "order-downstream-reads";
    static final int THREADS = 16;

    @Produces
    @ApplicationScoped
    @Identifier(EXECUTOR)
    ManagedExecutor readers() {
        return SmallRyeManagedExecutor.builder().withNewExecutorService().maxAsync(THREADS)
                .propagated(ThreadContext.ALL_REMAINING).cleared(ThreadContext.TRANSACTION).build();
    }

    void shutdown(@Disposes @Identifier(EXECUTOR) ManagedExecutor readers) {
        readers.shutdownNow();
    }
}
