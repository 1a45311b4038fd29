package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Bands;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Features;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * connection-pool (Istio only; Linkerd has no connection-pool limits, its breaker is failure accrual, proven by
 * circuit-breaking): a meshed client running as cart-service sends N = 400 GET /products/1 with 50 in flight.
 * <ul>
 *   <li>With istio-connection-pool (one connection, one pending request per product subset): overflowed
 *       requests answer 503 with x-envoy-overloaded: true at once; at least 5 % of n overflow.</li>
 *   <li>Control, the component off, same load: no overflow, at most 1 % 503 of any kind.</li>
 * </ul>
 */
@Scenario("connection-pool")
class ConnectionPoolScenario {
    static final int N = Integer.getInteger("meshdemo.connection-pool.requests", 400);
    static final int PARALLEL = 50;
    static final String COMPONENT = "istio-connection-pool";
    static final double MIN_OVERFLOW = 0.05;
    static final double MAX_CONTROL_503 = 0.01;

    private ClientPod caller;
    private HttpSample.Samples control;

    /** Envoy's own overflow answers: 503 marked x-envoy-overloaded: true (not an upstream's 503). */
    static Bands.Share overflowed(HttpSample.Samples s) {
        return s.share(x -> x.status() == 503 && "true".equals(x.header()));
    }

    static Bands.Share any503(HttpSample.Samples s) {
        return s.share(x -> x.status() == 503);
    }

    static Prediction<HttpSample.Samples> tripped() {
        return Prediction.of("overflow 503 (x-envoy-overloaded) >= " + MIN_OVERFLOW + " of n, the rest 200",
                s -> s.size() > 0 && Bands.atLeast(overflowed(s), MIN_OVERFLOW)
                        && s.withStatus(200) + overflowed(s).k() == s.size());
    }

    static Prediction<HttpSample.Samples> unlimited() {
        return Prediction.of("no overflow, 503 <= " + MAX_CONTROL_503 + " of n",
                s -> s.size() > 0 && overflowed(s).k() == 0 && Bands.atMost(any503(s), MAX_CONTROL_503));
    }

    private HttpSample.Samples load(ScenarioContext ctx, int n) {
        return caller.requests(n, PARALLEL, "x-envoy-overloaded", ctx.serviceUrl("product-service", "/products/1"));
    }

    static String describe(HttpSample.Samples s) {
        return "overflow " + overflowed(s) + ", statuses " + s.statuses();
    }

    @Test
    @Order(1)
    @DisplayName("control: no connection-pool limits")
    void control(ScenarioContext ctx) {
        if (!ctx.mesh().isIstio()) {
            ctx.recorder().notOffered(ctx.mesh().id(), "no connection-pool limits"
                    + (ctx.mesh() == Mesh.LINKERD ? " (Linkerd's breaker is failure accrual: make scenario-circuit-breaking)" : ""));
            return;
        }
        ComponentOff.require(ctx, COMPONENT);
        caller = ctx.meshedClient("scenario-connection-pool", "cart-service");
        control = load(ctx, N);
        ctx.recorder().check("control.no-overflow", unlimited().holds(control), unlimited().text(), describe(control));
    }

    @Test
    @Order(2)
    @DisplayName("with istio-connection-pool under the same load")
    void pool(ScenarioContext ctx) {
        if (!ctx.mesh().isIstio()) {
            return;
        }
        ctx.features().on(COMPONENT);
        Waits.until("the limits reach the client proxy", Duration.ofSeconds(120),
                () -> overflowed(load(ctx, 100)).k() >= 3);
        HttpSample.Samples treated = load(ctx, N);
        ctx.cleanup().restoreNow(Features.offDescription(List.of(COMPONENT)));
        ctx.recorder().contrast("connection-pool.overflow", tripped(), COMPONENT, treated, unlimited(),
                "no connection-pool component", control, ConnectionPoolScenario::describe);
    }
}
