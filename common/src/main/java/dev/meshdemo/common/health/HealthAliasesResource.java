package dev.meshdemo.common.health;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /health} and {@code /ready}: the short paths the workshop material and the probes use, answering
 * exactly what SmallRye Health's {@code /q/health/live} and {@code /q/health/ready} answer (same checks,
 * 200 when UP, 503 when DOWN). Readiness covers only this service's own database, never other services,
 * so one failing dependency cannot take the whole call graph out of rotation.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HealthAliasesResource {

    private final SmallRyeHealthReporter reporter;

    public HealthAliasesResource(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    @GET
    @Path("health")
    @Blocking
    public Response liveness() {
        return toResponse(reporter.getLiveness());
    }

    @GET
    @Path("ready")
    @Blocking
    public Response readiness() {
        return toResponse(reporter.getReadiness());
    }

    private static Response toResponse(SmallRyeHealth health) {
        return Response.status(health.isDown() ? 503 : 200).entity(health.getPayload().toString()).build();
    }
}
