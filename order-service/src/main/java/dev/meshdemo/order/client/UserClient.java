package dev.meshdemo.order.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.meshdemo.common.client.CallPolicy;
import dev.meshdemo.common.client.DownstreamErrorMapper;
import dev.meshdemo.common.client.DownstreamRejected;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service: {@code GET /users/{id}} checks that the user placing an order exists. Retried on fast failures
 * (5xx, refused connection) only; a 4xx is the answer and a timeout is not repeated (see {@code ProductClient}
 * of cart-service for why). No fallback: an order for a user nobody can vouch for has no sensible default.
 */
@Path("/users")
@RegisterRestClient(configKey = "user-service")
@RegisterClientHeaders
@RegisterProvider(DownstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface UserClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(String id, String name, String email) {
    }

    @GET
    @Path("{id}")
    @Timeout(CallPolicy.TIMEOUT_MS)
    @CircuitBreaker(requestVolumeThreshold = CallPolicy.CIRCUIT_VOLUME, failureRatio = CallPolicy.CIRCUIT_FAILURE_RATIO,
            delay = CallPolicy.CIRCUIT_DELAY_MS, skipOn = DownstreamRejected.class)
    @Retry(maxRetries = CallPolicy.MAX_RETRIES, delay = CallPolicy.RETRY_DELAY_MS, jitter = CallPolicy.RETRY_JITTER_MS,
            abortOn = {DownstreamRejected.class, TimeoutException.class, CircuitBreakerOpenException.class})
    User get(@PathParam("id") String id);
}
