package dev.meshdemo.exam.client;

import dev.meshdemo.common.client.CallPolicy;
import dev.meshdemo.common.client.Downstream;
import dev.meshdemo.common.client.DownstreamRejected;
import dev.meshdemo.common.client.DownstreamUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Looks users up in user-service with app-level fault tolerance (switched off by {@code APP_RESILIENCE=off},
 * except the timeout):
 * <ul>
 *   <li>timeout 1 s per attempt: a slow user-service is a 503 to our caller, not a hanging submission;</li>
 *   <li>retry (a GET, so idempotent) up to 3 more times, only on a 5xx/429 answer: a 4xx would answer the same
 *       again, and a timed-out or refused attempt is not repeated, so the caller's wait stays within ~1 s;</li>
 *   <li>circuit breaker: after 80 % of the last 20 attempts failed, fail fast for 5 s; a 4xx is a success here (the
 *       service answered);</li>
 *   <li>no fallback: accepting a submission for a user nobody can vouch for has no sensible default.</li>
 * </ul>
 */
@ApplicationScoped
public class UserDirectory {

    public static final String DEPENDENCY = "user-service";

    private final UserClient client;

    public UserDirectory(@RestClient UserClient client) {
        this.client = client;
    }

    /**
     * The user, or a {@code ProblemException}: 404 when user-service does not know the id, 503 when it cannot
     * answer (timeout, open circuit, 5xx, unreachable).
     */
    public KnownUser require(String userId) {
        return Downstream.call(DEPENDENCY, () -> find(userId));
    }

    @Timeout(CallPolicy.TIMEOUT_MS)
    @Retry(maxRetries = CallPolicy.MAX_RETRIES, delay = CallPolicy.RETRY_DELAY_MS, jitter = CallPolicy.RETRY_JITTER_MS, retryOn = DownstreamUnavailable.class,
            abortOn = DownstreamRejected.class)
    @CircuitBreaker(requestVolumeThreshold = CallPolicy.CIRCUIT_VOLUME, failureRatio = CallPolicy.CIRCUIT_FAILURE_RATIO,
            delay = CallPolicy.CIRCUIT_DELAY_MS,
            skipOn = DownstreamRejected.class)
    public KnownUser find(String userId) {
        return client.get(userId);
    }
}
