package dev.meshdemo.common.health;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /health} and {@code /ready}: the short paths the workshop material and the probes use. They are
 * rerouted to SmallRye Health's {@code /q/health/live} and {@code /q/health/ready}, so they answer exactly what
 * those answer (same checks, 200 when UP, 503 when DOWN) without a second implementation. Readiness covers
 * only this service's own database, never other services, so one failing dependency cannot take the whole
 * call graph out of rotation.
 */
@ApplicationScoped
public class HealthAliases {

    static final String LIVENESS = "/q/health/live";
    static final String READINESS = "/q/health/ready";

    void route(@Observes Router router) {
        router.get("/health").order(-100).handler(ctx -> ctx.reroute(LIVENESS));
        router.get("/ready").order(-100).handler(ctx -> ctx.reroute(READINESS));
    }
}
