package dev.meshdemo.scenarios.feature;

import dev.meshdemo.common.faults.AdminFaultsResource.FaultUpdate;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * timeouts: product-service answers every GET /products... after 3 s (its fault knob on every product pod). The
 * control, the overlay's default routes (10 s GET timeout): 200 after >= 3 s. With MESH-timeout (1 s) every
 * request of a meshed caller answers 504 within 1.5 s. plain: no mesh timeout, 200 after >= 3 s.
 */
@Scenario("timeouts")
class TimeoutsScenario {
    private ClientPod caller;
    private HttpSample.Samples control;

    static String describe(HttpSample.Samples s) {
        return "statuses " + s.statuses() + ", times " + s.times();
    }

    @Test
    @Order(1)
    @DisplayName("3 s app delay, default routes")
    void defaults(ScenarioContext ctx) {
        caller = ctx.meshedClient("scenario-timeouts", "cart-service");
        ctx.setFaultsEverywhere("product-service", new FaultUpdate(0.0, 3000L, 1.0, "/products.*"));
        control = caller.requests(3, 3, "x-service", ctx.serviceUrl("product-service", "/products/1"));
        if (!ctx.mesh().meshed()) {
            ctx.recorder().check("plain.all-200-after-3s", control.withStatus(200) == 3 && control.slowerThan(3) == 3,
                    "3 x 200 after >= 3 s", describe(control));
        }
    }

    @Test
    @Order(2)
    @DisplayName("1 s route timeout")
    void timeout(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            return;
        }
        String component = ctx.mesh().component("timeout");
        ctx.features().on(component);
        String url = ctx.serviceUrl("product-service", "/products/1");
        Waits.until("the 1 s timeout reaches the client proxy", Duration.ofSeconds(90),
                () -> caller.requests(1, 1, "x-service", url).withStatus(504) == 1);
        HttpSample.Samples treated = caller.requests(5, 5, "x-service", url);
        ctx.recorder().contrast("timeout.cuts-the-wait",
                Prediction.of("every request 504 within 1.5 s",
                        (HttpSample.Samples s) -> s.size() > 0 && s.withStatus(504) == s.size() && s.slowerThan(1.5) == 0),
                component, treated,
                Prediction.of("every request 200 after >= 3 s",
                        s -> s.size() > 0 && s.withStatus(200) == s.size() && s.slowerThan(3) == s.size()),
                "overlay defaults (10 s)", control, TimeoutsScenario::describe);
    }
}
