package dev.meshdemo.common.health;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * {@code /health} and {@code /ready}, the short paths the probes and the workshop material use: rerouted to
 * SmallRye Health's {@code /q/health/live} and {@code /q/health/ready}, so they answer exactly what those answer
 * (same checks, same document, 200 when UP, 503 when DOWN). Readiness is bounded by {@link DatabaseReadiness}.
 * As Vert.x routes they are not in the JAX-RS model, so {@link #document} publishes them in /q/openapi.
 */
@ApplicationScoped
public class HealthAliases {

    /** Alias -> the SmallRye Health path it answers for. */
    static final Map<String, String> ALIASES = Map.of("/health", "/q/health/live", "/ready", "/q/health/ready");
    static final String SCHEMA = "Health";
    // After the HTTP guard and the fault knobs (which exempt the probes), before JAX-RS.
    private static final int ORDER = -100;

    void install(@Observes Router router) {
        ALIASES.forEach((alias, target) -> router.route(alias).order(ORDER).handler(ctx -> reroute(ctx, target)));
    }

    private static void reroute(RoutingContext ctx, String target) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            ctx.reroute(target);
        } else {
            ctx.response().putHeader("Allow", "GET, HEAD");
            ctx.fail(405);
        }
    }

    /** Adds the two aliases and their {@code Health} document to the contract (from the OpenAPI filter). */
    public static void document(OpenAPI openAPI) {
        openAPI.getComponents().addSchema(SCHEMA, OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("The health document of SmallRye Health (MicroProfile Health's format)")
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .enumeration(List.of("UP", "DOWN")))
                .addProperty("checks", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))))
                .required(List.of("status")));
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        openAPI.getPaths().addPathItem("/health", OASFactory.createPathItem().GET(probe(
                "Liveness: UP while the process can serve (never follows the database)", "DOWN")));
        openAPI.getPaths().addPathItem("/ready", OASFactory.createPathItem().GET(probe(
                "Readiness: UP while this service's own database answers; answers within 600 ms",
                "DOWN (the database did not answer, or not in time)")));
    }

    private static Operation probe(String summary, String down) {
        APIResponses responses = OASFactory.createAPIResponses()
                .addAPIResponse("200", healthAnswer("UP"))
                .addAPIResponse("503", healthAnswer(down));
        return OASFactory.createOperation().summary(summary).responses(responses);
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse healthAnswer(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType().schema(
                        OASFactory.createSchema().ref("#/components/schemas/" + SCHEMA))));
    }
}
