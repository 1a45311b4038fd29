package dev.meshdemo.common.health;

import io.smallrye.health.SmallRyeHealth;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Readiness that answers within its deadline ({@code meshdemo.readiness.timeout}, below the probes' 1 s
 * timeout) whatever the database does: a check that has not finished by then is DOWN. Probes that arrive
 * while a check runs wait for that same check instead of starting another, so a hung database costs one
 * thread, not one per probe.
 */
@ApplicationScoped
public class BoundedReadiness {

    static final String TIMED_OUT = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"readiness\",\"status\":\"DOWN\","
            + "\"data\":{\"reason\":\"the readiness checks did not finish in time\"}}]}";

    /** The outcome of one check: its status and the JSON document to answer. */
    public record Result(boolean up, String payload) {
    }

    private final Duration timeout;
    private final ExecutorService checks = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("readiness-check-", 0).factory());
    private final AtomicReference<CompletableFuture<Result>> running = new AtomicReference<>();

    public BoundedReadiness(@ConfigProperty(name = "meshdemo.readiness.timeout", defaultValue = "600ms") Duration timeout) {
        this.timeout = timeout;
    }

    public Result check(Supplier<SmallRyeHealth> readiness) {
        CompletableFuture<Result> check = running.get();
        if (check == null || check.isDone()) {
            CompletableFuture<Result> fresh = new CompletableFuture<>();
            if (running.compareAndSet(check, fresh)) {
                checks.execute(() -> {
                    try {
                        SmallRyeHealth health = readiness.get();
                        fresh.complete(new Result(!health.isDown(), health.getPayload().toString()));
                    } catch (RuntimeException e) {
                        fresh.completeExceptionally(e);
                    }
                });
            }
            check = running.get();
        }
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return new Result(false, TIMED_OUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, TIMED_OUT);
        }
    }
}
