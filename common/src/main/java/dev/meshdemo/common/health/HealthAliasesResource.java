package dev.meshdemo.common.health;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /health} and {@code /ready}: the short paths the workshop material and the probes use, answering
 * exactly what SmallRye Health's {@code /q/health/live} and {@code /q/health/ready} answer (same checks,
 * 200 when UP, 503 when DOWN). Readiness covers only this service's own database, never other services,
 * so one failing dependency cannot take the whole call graph out of rotation. {@code /ready} answers within
 * {@code meshdemo.readiness.timeout} even when the database hangs ({@link BoundedReadiness}).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HealthAliasesResource {

    /** The health document of SmallRye Health (MicroProfile Health's format). */
    @Schema(name = "Health")
    public record HealthDocument(@Schema(required = true, enumeration = {"UP", "DOWN"}) String status,
                                 java.util.List<Object> checks) {
    }

    private final SmallRyeHealthReporter reporter;
    private final BoundedReadiness readiness;

    public HealthAliasesResource(SmallRyeHealthReporter reporter, BoundedReadiness readiness) {
        this.reporter = reporter;
        this.readiness = readiness;
    }

    @GET
    @Path("health")
    @Blocking
    @Operation(summary = "Liveness: UP while the process can serve (never follows the database)")
    @APIResponse(responseCode = "200", description = "UP", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HealthDocument.class)))
    @APIResponse(responseCode = "503", description = "DOWN", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HealthDocument.class)))
    public Response liveness() {
        return toResponse(reporter.getLiveness());
    }

    @GET
    @Path("ready")
    @Blocking
    @Operation(summary = "Readiness: UP while this service's own database answers; answers within 600 ms")
    @APIResponse(responseCode = "200", description = "UP", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HealthDocument.class)))
    @APIResponse(responseCode = "503", description = "DOWN (the database did not answer, or not in time)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HealthDocument.class)))
    public Response readiness() {
        BoundedReadiness.Result result = readiness.check(reporter::getReadiness);
        return Response.status(result.up() ? 200 : 503).entity(result.payload()).build();
    }

    private static Response toResponse(SmallRyeHealth health) {
        return Response.status(health.isDown() ? 503 : 200).entity(health.getPayload().toString()).build();
    }
}
