package dev.meshdemo.order.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.meshdemo.common.client.DownstreamErrorMapper;
import dev.meshdemo.common.client.PropagatedHeaders;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
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
@RegisterRestClient(configKey = CartClient.DEPENDENCY)
@ApplyGuard(CartClient.DEPENDENCY)
@RegisterClientHeaders(PropagatedHeaders.class)
@RegisterProvider(DownstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface CartClient {

    /** The dependency's name: its REST client config key and its resilience policy (CallPolicy). */
    String DEPENDENCY = "cart-service";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cart(String userId, List<Item> items) {
    }

    /** A cart line; its name and price are what the cart saw, the order re-prices it from product-service. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(long id, long productId, int quantity) {
    }

    @GET
    @Path("{userId}")
    Cart get(@PathParam("userId") String userId);

    @DELETE
    @Path("{userId}")
    void clear(@PathParam("userId") String userId);
}
