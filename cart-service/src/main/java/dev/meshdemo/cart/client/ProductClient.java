package dev.meshdemo.cart.client;

import dev.meshdemo.common.client.DownstreamErrorMapper;
import dev.meshdemo.common.client.PropagatedHeaders;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
@RegisterRestClient(configKey = ProductClient.DEPENDENCY)
@ApplyGuard(ProductClient.DEPENDENCY)
@RegisterClientHeaders(PropagatedHeaders.class)
@RegisterProvider(DownstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ProductClient {

    /** The dependency's name: its REST client config key and its resilience policy (CallPolicy). */
    String DEPENDENCY = "product-service";

    @GET
    @Path("{id}")
    ProductSummary get(@PathParam("id") long id);
}
