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
import java.math.BigDecimal;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * product-service: the current price of each product ordered. Retried on fast failures only. No fallback:
 * the cart's copy of the price would be a sensible-looking answer, but an order must carry the current price.
 */
@Path("/products")
@RegisterRestClient(configKey = "product-service")
@RegisterClientHeaders
@RegisterProvider(DownstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ProductClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Product(long id, String name, BigDecimal price, String currency) {
    }

    @GET
    @Path("{id}")
    @Timeout(CallPolicy.TIMEOUT_MS)
    @CircuitBreaker(requestVolumeThreshold = CallPolicy.CIRCUIT_VOLUME, failureRatio = CallPolicy.CIRCUIT_FAILURE_RATIO,
            delay = CallPolicy.CIRCUIT_DELAY_MS, skipOn = DownstreamRejected.class)
    @Retry(maxRetries = CallPolicy.MAX_RETRIES, delay = CallPolicy.RETRY_DELAY_MS, jitter = CallPolicy.RETRY_JITTER_MS,
            abortOn = {DownstreamRejected.class, TimeoutException.class, CircuitBreakerOpenException.class})
    Product get(@PathParam("id") long id);
}
