package dev.meshdemo.cart.client;

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
 * product-service, as cart-service uses it: {@code GET /products/{id}} when an item is added.
 *
 * <p>A GET is idempotent, so it is retried, but only on fast failures (5xx, refused connection): a 4xx is an
 * answer (unknown product) and a timeout means the dependency is slow, where a retry would multiply both the
 * caller's wait and the load on it. So a slow product-service costs the caller one timeout, not three.
 * No fallback: without the product's name and price nothing sensible can be added to a cart.
 */
@Path("/products")
@RegisterRestClient(configKey = "product-service")
@RegisterClientHeaders
@RegisterProvider(DownstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ProductClient {

    @GET
    @Path("{id}")
    @Timeout(CallPolicy.TIMEOUT_MS)
    @CircuitBreaker(requestVolumeThreshold = CallPolicy.CIRCUIT_VOLUME, failureRatio = CallPolicy.CIRCUIT_FAILURE_RATIO,
            delay = CallPolicy.CIRCUIT_DELAY_MS, skipOn = DownstreamRejected.class)
    @Retry(maxRetries = CallPolicy.MAX_RETRIES, delay = CallPolicy.RETRY_DELAY_MS, jitter = CallPolicy.RETRY_JITTER_MS,
            abortOn = {DownstreamRejected.class, TimeoutException.class, CircuitBreakerOpenException.class})
    ProductSummary get(@PathParam("id") long id);
}
