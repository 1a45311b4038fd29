package dev.meshdemo.common.client;

import io.smallrye.faulttolerance.api.Guard;
import java.net.ConnectException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The app-level fault tolerance of an outgoing call, built once per dependency by {@link #guardFor(String)}:
 * each service produces one {@code @Identifier("<dependency>") Guard} per dependency and its REST client applies
 * it with {@code @ApplyGuard("<dependency>")}, so every call to one dependency shares one policy, one circuit
 * breaker and one set of metrics. Each number can be changed per dependency in configuration
 * ({@code quarkus.fault-tolerance."<dependency>".retry.max-retries} and so on, docs/CONFIGURATION.md);
 * {@code APP_RESILIENCE=off} switches the retries and circuit breakers off, never the timeout.
 */
public final class CallPolicy {

    /** Per attempt: a slow dependency becomes a 503 for our caller, not a hanging request. */
    public static final long TIMEOUT_MS = 1000;

    /**
     * Retries after the first attempt, for idempotent calls only and only on 5xx/429/refused connections. With
     * the workshop's 30 % fault knob, 1 - 0.3^4 = 99.2 % of calls succeed, so the effect is plain to see.
     */
    public static final int MAX_RETRIES = 3;
    public static final long RETRY_DELAY_MS = 50;
    public static final long RETRY_JITTER_MS = 25;

    /**
     * The one rule for what is retried, everywhere: an answer that says "try again" (5xx, 429) and a connection
     * that was refused (the request never reached the dependency). Never a 4xx (it would answer the same), a
     * timeout (the dependency is slow: a retry would multiply the caller's wait and the dependency's load) or an
     * open circuit. The guard looks through the cause chain, so a refused connection wrapped by the REST client
     * in a {@code ProcessingException} counts.
     */
    public static final List<Class<? extends Throwable>> RETRIED = List.of(DownstreamUnavailable.class,
            ConnectException.class);

    /**
     * The circuit opens when 80 % of the last 20 attempts failed. SmallRye Fault Tolerance counts every retry
     * attempt, so a lower ratio would trip by chance under a 30 % fault (P(16+ of 20) is about 3e-6), while
     * a dead dependency still trips it within a few calls. Open for 5 s, then half-open. A 4xx is an answer,
     * never a failure.
     */
    public static final int CIRCUIT_VOLUME = 20;
    public static final double CIRCUIT_FAILURE_RATIO = 0.8;
    public static final long CIRCUIT_DELAY_MS = 5000;

    private CallPolicy() {
    }

    /**
     * The policy of calls to {@code dependency}; its circuit breaker is named after it (for
     * {@code CircuitBreakerMaintenance}), and configuration keys use it as the identifier.
     */
    public static Guard guardFor(String dependency) {
        return Guard.create()
                .withDescription(dependency)
                .withTimeout().duration(TIMEOUT_MS, ChronoUnit.MILLIS).done()
                .withRetry().maxRetries(MAX_RETRIES).delay(RETRY_DELAY_MS, ChronoUnit.MILLIS)
                .jitter(RETRY_JITTER_MS, ChronoUnit.MILLIS).retryOn(RETRIED).done()
                .withCircuitBreaker().name(dependency).requestVolumeThreshold(CIRCUIT_VOLUME)
                .failureRatio(CIRCUIT_FAILURE_RATIO).delay(CIRCUIT_DELAY_MS, ChronoUnit.MILLIS)
                .skipOn(DownstreamRejected.class).done()
                .build();
    }
}
