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
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service: {@code GET /users/{id}} checks that the user placing an order exists. Retried on fast failures
 * (5xx, refused connection) only; a 4xx is the answer and a timeout is not repeated (see {@code ProductClient}
 * of cart-service for why). No fallback: an order for a user nobody can vouch for has no sensible default.
 */
@Path("/users")
@RegisterRestClient(configKey = UserClient.DEPENDENCY)
@ApplyGuard(UserClient.DEPENDENCY)
@RegisterClientHeaders(PropagatedHeaders.class)
@RegisterProvider(DownstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface UserClient {

    /** The dependency's name: its REST client config key and its resilience policy (CallPolicy). */
    String DEPENDENCY = "user-service";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(String id, String name, String email) {
    }

    @GET
    @Path("{id}")
    User get(@PathParam("id") String id);
}
