package dev.meshdemo.order.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.meshdemo.common.client.CallPolicy;
import dev.meshdemo.common.client.DownstreamErrorMapper;
import dev.meshdemo.common.client.DownstreamRejected;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * cart-service: reads the cart to order ({@code GET}) and empties it afterwards ({@code DELETE}). Both are
 * idempotent (emptying an empty cart is a 204), so both are retried on fast failures; neither retries a 4xx or
 * a timeout. No fallback: an order needs the real cart, and a cart that could not be emptied is recorded on
 * the order and emptied later by {@code CartClearRetries}.
 */
@Path("/cart")
@RegisterRestClient(configKey = "cart-service")
@RegisterClientHeaders
@RegisterProvider(DownstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface CartClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cart(String userId, List<Item> items) {
    }

    /** A cart line; its name and price are what the cart saw, the order re-prices it from product-service. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(long id, long productId, int quantity) {
    }

    @GET
    @Path("{userId}")
    @Timeout(CallPolicy.TIMEOUT_MS)
    @CircuitBreaker(requestVolumeThreshold = CallPolicy.CIRCUIT_VOLUME, failureRatio = CallPolicy.CIRCUIT_FAILURE_RATIO,
            delay = CallPolicy.CIRCUIT_DELAY_MS, skipOn = DownstreamRejected.class)
    @Retry(maxRetries = CallPolicy.MAX_RETRIES, delay = CallPolicy.RETRY_DELAY_MS, jitter = CallPolicy.RETRY_JITTER_MS,
            abortOn = {DownstreamRejected.class, TimeoutException.class, CircuitBreakerOpenException.class})
    Cart get(@PathParam("userId") String userId);

    @DELETE
    @Path("{userId}")
    @Timeout(CallPolicy.TIMEOUT_MS)
    @CircuitBreaker(requestVolumeThreshold = CallPolicy.CIRCUIT_VOLUME, failureRatio = CallPolicy.CIRCUIT_FAILURE_RATIO,
            delay = CallPolicy.CIRCUIT_DELAY_MS, skipOn = DownstreamRejected.class)
    @Retry(maxRetries = CallPolicy.MAX_RETRIES, delay = CallPolicy.RETRY_DELAY_MS, jitter = CallPolicy.RETRY_JITTER_MS,
            abortOn = {DownstreamRejected.class, TimeoutException.class, CircuitBreakerOpenException.class})
    void clear(@PathParam("userId") String userId);
}
