package dev.meshdemo.common.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshdemo.common.errors.Problem;
import dev.meshdemo.common.faults.FaultKnobs;
import dev.meshdemo.common.identity.ServiceInfo;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Behaviour on the HTTP layer, below JAX-RS, so that it covers every answer (also /q/*, unknown paths and
 * answers produced by the knobs themselves):
 * <ul>
 *   <li>{@code x-service} / {@code x-service-version} on every response (scenarios count routing by them);</li>
 *   <li>the fault knobs, applied before the request reaches a resource;</li>
 *   <li>problem+json for paths no route serves.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpFilters {

    public static final String SERVICE_HEADER = "x-service";
    public static final String VERSION_HEADER = "x-service-version";

    // Vert.x runs routes in ascending order; JAX-RS is mounted at order 0-ish, these run well before it.
    private static final int HEADERS_ORDER = -300;
    private static final int FAULTS_ORDER = -200;

    private final ServiceInfo info;
    private final FaultKnobs knobs;
    private final ObjectMapper json;

    public HttpFilters(ServiceInfo info, FaultKnobs knobs, ObjectMapper json) {
        this.info = info;
        this.knobs = knobs;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(HEADERS_ORDER).handler(this::serviceHeaders);
        router.route().order(FAULTS_ORDER).handler(this::faults);
        // Runs only when no other route answered: JAX-RS and the /q endpoints call next() for paths they
        // do not serve, and Vert.x's own 404 would be an HTML page.
        router.route().last().handler(ctx -> problem(ctx, Problem.of(404, "not-found", "Not Found",
                "No resource at " + ctx.normalizedPath())));
    }

    private void serviceHeaders(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.headers().set(SERVICE_HEADER, info.name()).set(VERSION_HEADER, info.version());
        ctx.next();
    }

    private void faults(RoutingContext ctx) {
        FaultKnobs.Decision decision = knobs.decide(ctx.normalizedPath());
        if (decision.delayMs() == 0 && !decision.fail()) {
            ctx.next();
            return;
        }
        // The delay is a timer, not a sleep: it costs no worker thread, like a slow network would not.
        Runnable after = () -> {
            if (decision.fail()) {
                problem(ctx, Problem.of(503, "injected-fault", "Service Unavailable",
                        "Fault injected by FAULT_ERROR_RATE (see GET /admin/faults)"));
            } else {
                ctx.next();
            }
        };
        if (decision.delayMs() > 0) {
            ctx.vertx().setTimer(decision.delayMs(), id -> after.run());
        } else {
            after.run();
        }
    }

    private void problem(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        try {
            ctx.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem.withInstance(ctx.normalizedPath())));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }
}
