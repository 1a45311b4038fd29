package dev.meshdemo.scenarios.feature;

import dev.meshdemo.common.faults.AdminFaultsResource.FaultUpdate;
import dev.meshdemo.scenarios.harness.Bands;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * circuit-breaking: one product pod (a v1 pod) fails every request (its fault knob, restored at the end).
 * Retries are switched off (MESH-no-retries) so they do not hide the bad pod.
 * <ul>
 *   <li>Control (no breaker): the bad pod keeps its share, success about 1 - 1/pods (0.75 with 4 pods), n=400: at most
 *       0.90 under a mesh (its balancer may favour the fast-failing pod), within the binomial band on plain.</li>
 *   <li>istio: outlier detection (istio-circuit-breaker: 5 consecutive 5xx -> ejected 30 s, at most 50 %);
 *       linkerd: consecutive failure accrual (linkerd-circuit-breaker). After ejection (40 requests in a row
 *       succeed within 60 s) the success rate is >= 0.95, n=200 (Linkerd keeps probing an ejected endpoint with
 *       growing back-off; each probe fails, hence not 1.0).</li>
 *   <li>plain: the control is all there is.</li>
 * </ul>
 */
@Scenario("circuit-breaking")
class CircuitBreakingScenario {
    static final int N_CONTROL = 400;
    static final int N_AFTER = 200;

    private ClientPod caller;
    private Bands.Share control;
    private double expectedShare;

    @Test
    @Order(1)
    @DisplayName("control: one failing pod, no breaker")
    void control(ScenarioContext ctx) {
        caller = ctx.meshedClient("scenario-breaker", "cart-service");
        if (ctx.mesh().meshed()) {
            ctx.features().on(ctx.mesh().component("no-retries"));
        }
        List<String> v1 = ctx.cluster().runningPods(Map.of("app", "product-service", "version", "v1")).stream()
                .map(p -> p.getMetadata().getName()).toList();
        if (v1.isEmpty()) {
            throw new Precondition("no running product-service v1 pod");
        }
        int pods = ctx.cluster().runningPodNames("product-service").size();
        expectedShare = 1 - 1.0 / pods;
        ctx.setFaults(ctx.cluster().forward(v1.get(0), Cluster.SERVICE_PORTS.get("product-service")),
                new FaultUpdate(1.0, 0L, 0.0, "/products.*"));
        System.err.println("   failing pod: " + v1.get(0) + " (of " + pods + " product pods)");
        String url = ctx.serviceUrl("product-service", "/products/1");
        control = caller.requests(N_CONTROL, 10, "x-service", url).share(s -> s.status() >= 200 && s.status() < 300);
        if (!ctx.mesh().meshed()) {
            ctx.recorder().share("plain.success-share-stays", control, expectedShare, "(" + pods + " pods, one failing)");
        }
    }

    @Test
    @Order(2)
    @DisplayName("the breaker ejects the failing pod")
    void breaker(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            return;
        }
        String url = ctx.serviceUrl("product-service", "/products/1");
        ctx.features().on(ctx.mesh().component("circuit-breaker"));
        HttpSample.Samples first = caller.requests(60, 1, "x-service", url);
        ctx.recorder().check("before-ejection.failures-seen", first.ok() < first.size(),
                "the bad pod fails before it is ejected", (first.size() - first.ok()) + " of " + first.size() + " failed");
        boolean ejected = Waits.until("ejection", Duration.ofSeconds(60),
                () -> caller.requests(40, 1, "x-service", url).ok() == 40);
        ctx.recorder().check("ejected", ejected, "40 requests in a row succeed within 60 s", ejected ? "yes" : "no");
        Bands.Share after = caller.requests(N_AFTER, 5, "x-service", url).share(s -> s.status() >= 200 && s.status() < 300);
        ctx.recorder().contrast("after-ejection.success",
                Prediction.of("success >= 0.95", (Bands.Share s) -> Bands.atLeast(s, 0.95)),
                ctx.mesh().component("circuit-breaker"), after,
                // Envoy's and Linkerd's balancers favour the endpoint that answers fastest, and a pod failing at
                // once is fast: without a breaker it keeps (at least) its share, so success stays well below 0.95.
                Prediction.of("success <= 0.90 (the failing pod keeps its share, ~" + String.format(java.util.Locale.ROOT, "%.2f", expectedShare)
                        + " expected)", s -> Bands.atMost(s, 0.90)),
                "no breaker", control, Bands.Share::toString);
    }
}
