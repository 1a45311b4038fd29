package dev.meshdemo.exam.client;

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
 * user-service, as exam-service calls it ({@code GET /users/{id}} only, see docs/CONFIGURATION.md), under the
 * user-service policy of {@link Dependencies}: retried on 5xx/429 and refused connections only, a 4xx is the
 * answer and a timeout is not repeated. No fallback: accepting a submission for a user nobody can vouch for has
 * no sensible default.
 */
@RegisterRestClient(configKey = UserClient.DEPENDENCY)
@ApplyGuard(UserClient.DEPENDENCY)
@RegisterClientHeaders(PropagatedHeaders.class)
@RegisterProvider(DownstreamErrorMapper.class)
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public interface UserClient {

    /** The dependency's name: its REST client config key and its resilience policy (CallPolicy). */
    String DEPENDENCY = "user-service";

    @GET
    @Path("{id}")
    KnownUser get(@PathParam("id") String id);
}
