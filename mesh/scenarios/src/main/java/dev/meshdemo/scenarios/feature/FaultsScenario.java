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
 * faults: the mesh injects delays and errors into GET /products... (the services' own knobs stay off). The
 * control, measured first without a fault component, has no delayed and no failed request.
 * <ul>
 *   <li>istio: VirtualService fault, delay 2 s for 50 %, abort 503 for 20 %.</li>
 *   <li>linkerd: the product GET route sends 50 % (delay) or 20 % (abort) to the fault backend
 *       product-service-fault, which delays every request 2 s or answers 503.</li>
 *   <li>plain: nothing injects faults (the control is all there is).</li>
 * </ul>
 * Delay: n=200, 0.5 +- 4 sqrt(0.25/200) = 0.5 +- 0.141. Abort: n=500, 0.2 +- 4 sqrt(0.16/500) = 0.2 +- 0.072.
 */
@Scenario("faults")
class FaultsScenario {
    static final int N_DELAY = Integer.getInteger("meshdemo.faults.delay.requests", 200);
    static final int N_ABORT = Integer.getInteger("meshdemo.faults.abort.requests", 500);

    private ClientPod caller;
    private HttpSample.Samples control;

    static Bands.Share delayed(HttpSample.Samples s) {
        return s.share(x -> x.seconds() >= 1.9);
    }

    static Bands.Share aborted(HttpSample.Samples s) {
        return s.share(x -> x.status() == 503);
    }

    @Test
    @Order(1)
    @DisplayName("control: no fault component")
    void control(ScenarioContext ctx) {
        caller = ctx.meshedClient("scenario-faults", "cart-service");
        control = caller.requests(N_DELAY, 20, "x-service", ctx.serviceUrl("product-service", "/products/1"));
        ctx.recorder().check("control.all-200", control.withStatus(200) == control.size() && control.size() == N_DELAY,
                N_DELAY + " x 200", "statuses " + control.statuses());
        ctx.recorder().check("control.none-delayed", delayed(control).k() == 0, "no request slower than 1.9 s",
                "delayed: " + delayed(control));
    }

    private void rolloutFaultBackend(ScenarioContext ctx) {
        if (ctx.mesh() == Mesh.LINKERD) {
            Waits.until("product-service-fault ready", Duration.ofSeconds(300),
                    () -> !ctx.cluster().runningPodNames("product-service-fault").isEmpty() && ctx.cluster().rolledOut());
        }
    }

    @Test
    @Order(2)
    @DisplayName("delay 2 s for 50 %")
    void delay(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            return;
        }
        String component = ctx.mesh().component("fault-delay");
        String url = ctx.serviceUrl("product-service", "/products/1");
        ctx.features().on(component);
        rolloutFaultBackend(ctx);
        Waits.until("the delay reaches the client proxy", Duration.ofSeconds(120),
                () -> caller.requests(20, 20, "x-service", url).slowerThan(1.5) >= 3);
        HttpSample.Samples treated = caller.requests(N_DELAY, 25, "x-service", url);
        ctx.cleanup().restoreNow(Features.offDescription(List.of(component)));
        ctx.recorder().check("delay.all-200", treated.withStatus(200) == treated.size(), "a delay is not an error",
                "statuses " + treated.statuses());
        ctx.recorder().contrast("delay.delayed-share",
                Prediction.of("delayed share " + Bands.describe(0.5, N_DELAY), (HttpSample.Samples s) -> Bands.within(delayed(s), 0.5)),
                component, treated,
                Prediction.of("no request delayed", s -> delayed(s).k() == 0 && s.size() > 0), "no fault component", control,
                s -> "delayed >= 1.9 s: " + delayed(s));
    }

    @Test
    @Order(3)
    @DisplayName("abort 503 for 20 %")
    void abort(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            return;
        }
        String component = ctx.mesh().component("fault-abort");
        String url = ctx.serviceUrl("product-service", "/products/1");
        ctx.features().on(component);
        rolloutFaultBackend(ctx);
        Waits.until("the abort reaches the client proxy", Duration.ofSeconds(120),
                () -> caller.requests(40, 10, "x-service", url).withStatus(503) >= 2);
        HttpSample.Samples treated = caller.requests(N_ABORT, 10, "x-service", url);
        ctx.cleanup().restoreNow(Features.offDescription(List.of(component)));
        ctx.recorder().check("abort.only-200-or-503", treated.withStatus(200) + treated.withStatus(503) == treated.size(),
                "200 or 503 only", "statuses " + treated.statuses());
        ctx.recorder().contrast("abort.503-share",
                Prediction.of("503 share " + Bands.describe(0.2, N_ABORT), (HttpSample.Samples s) -> Bands.within(aborted(s), 0.2)),
                component, treated,
                Prediction.of("no 503", s -> aborted(s).k() == 0 && s.size() > 0), "no fault component", control,
                s -> "503: " + aborted(s));
    }
}
