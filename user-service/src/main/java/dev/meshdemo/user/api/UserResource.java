package dev.meshdemo.user.api;

import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.common.validation.Handle;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
    @APIResponse(responseCode = "200", description = "The user", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UserDto.class)))
    @APIResponse(responseCode = "400", description = "The id is not a handle")
    @APIResponse(responseCode = "404", description = "No user with this id")
    public UserDto get(@PathParam("id") @Handle String id) {
        return users.find(id).map(UserDto::of).orElseThrow(() -> ProblemException.notFound("User", id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user with a chosen handle")
    @APIResponse(responseCode = "201", description = "Created; Location names the new user (a relative reference)",
            headers = @Header(name = "Location", schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserDto.class)))
    @APIResponse(responseCode = "400", description = "Invalid id, name or email (the problem names the field)")
    @APIResponse(responseCode = "409", description = "The id is taken")
    public Response create(@Valid @NotNull NewUser body) {
        if (!users.register(body.id(), body.name(), body.email())) {
            throw ProblemException.conflict("user-exists", "User '" + body.id() + "' already exists");
        }
        // Relative (RFC 9110 10.2.2): Response.created() would resolve it against the request's Host header,
        // which the client chooses.
        return Response.status(Response.Status.CREATED).header("Location", "/users/" + body.id())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new UserDto(body.id(), body.name(), body.email()))
                .build();
    }
}
