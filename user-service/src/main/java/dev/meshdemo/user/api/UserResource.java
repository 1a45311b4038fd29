package dev.meshdemo.user.api;

import dev.meshdemo.common.errors.Ids;
import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.user.domain.UserRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Users. GET is safe for the mesh to retry; POST is not retried (a replay would be a 409). */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserRegistry users;

    public UserResource(UserRegistry users) {
        this.users = users;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One user")
    @APIResponse(responseCode = "400", description = "The id is not a handle")
    @APIResponse(responseCode = "404", description = "No user with this id")
    public UserDto get(@PathParam("id") String rawId) {
        String id = Ids.handle(rawId, "user id");
        return users.find(id).map(UserDto::of).orElseThrow(() -> ProblemException.notFound("User", id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user with a chosen handle")
    @APIResponse(responseCode = "201", description = "Created; Location names the new user")
    @APIResponse(responseCode = "400", description = "Invalid id, name or email (the problem names the field)")
    @APIResponse(responseCode = "409", description = "The id is taken")
    public Response create(@Valid @NotNull NewUser body) {
        if (!users.register(body.id(), body.name(), body.email())) {
            throw ProblemException.conflict("user-exists", "User '" + body.id() + "' already exists");
        }
        return Response.created(UriBuilder.fromPath("/users/{id}").build(body.id()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new UserDto(body.id(), body.name(), body.email()))
                .build();
    }
}
