package dev.meshdemo.exam.client;

import dev.meshdemo.common.client.DownstreamErrorMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service, as exam-service calls it ({@code GET /users/{id}} only, see docs/CONFIGURATION.md). Errors come
 * back as {@code DownstreamRejected} (4xx) or {@code DownstreamUnavailable} (5xx); fault tolerance is applied
 * by {@link UserDirectory}.
 */
@RegisterRestClient(configKey = "user-service")
@RegisterClientHeaders
@RegisterProvider(DownstreamErrorMapper.class)
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public interface UserClient {

    @GET
    @Path("{id}")
    KnownUser get(@PathParam("id") String id);
}
