package dev.meshdemo.order.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.meshdemo.common.client.DownstreamErrorMapper;
import dev.meshdemo.common.client.PropagatedHeaders;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * product-service: the current price of each product ordered. Retried on fast failures only. No fallback:
 * the cart's copy of the price would be a sensible-looking answer, but an order must carry the current price.
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

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Product(long id, String name, BigDecimal price, String currency) {
    }

    @GET
    @Path("{id}")
    Product get(@PathParam("id") long id);
}
