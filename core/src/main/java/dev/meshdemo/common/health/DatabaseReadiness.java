package dev.meshdemo.common.health;

import io.agroal.api.AgroalDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: this service's own database answers (never another service, so one failing dependency cannot take
 * the call graph out of rotation). It replaces the datasource check of Quarkus
 * ({@code quarkus.datasource.health.enabled=false}) because that one waits as long as the database makes it:
 * this one is DOWN when the database has not answered within {@code meshdemo.readiness.timeout} (600 ms, below
 * the probes' 1 s timeout), so {@code /q/health/ready} and its alias {@code /ready} always answer in time.
 * Probes that arrive while a check runs wait for that same check instead of starting another, so a hung
 * database holds one thread, not one per probe.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "database";

    private final AgroalDataSource dataSource;
    private final Duration timeout;
    private final ExecutorService checks = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("readiness-check-", 0).factory());
    private final AtomicReference<CompletableFuture<HealthCheckResponse>> running = new AtomicReference<>();

    public DatabaseReadiness(AgroalDataSource dataSource,
                             @ConfigProperty(name = "meshdemo.readiness.timeout", defaultValue = "600ms") Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        // Each probe waits on its own copy: the timeout cancels the copy, never the check others share.
        return Uni.createFrom().completionStage(() -> sharedCheck().copy())
                .ifNoItem().after(timeout).recoverWithItem(() -> down("no answer within " + timeout.toMillis() + " ms"));
    }

    /** The check in flight, or a new one when none is. */
    CompletableFuture<HealthCheckResponse> sharedCheck() {
        CompletableFuture<HealthCheckResponse> current = running.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<HealthCheckResponse> fresh = new CompletableFuture<>();
        if (!running.compareAndSet(current, fresh)) {
            return running.get();
        }
        checks.execute(() -> fresh.complete(checkNow()));
        return fresh;
    }

    private HealthCheckResponse checkNow() {
        try {
            // A pooled connection, validated as the pool validates (the check Quarkus' own would do).
            return dataSource.isHealthy(false) ? HealthCheckResponse.up(NAME) : down("the connection is not valid");
        } catch (SQLException | RuntimeException e) {
            return down("the database did not answer: " + e.getMessage());
        }
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }

    @PreDestroy
    void stop() {
        checks.shutdownNow();
    }
}
