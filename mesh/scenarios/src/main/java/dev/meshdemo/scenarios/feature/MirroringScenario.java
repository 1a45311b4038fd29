package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Bands;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.Features;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Metrics;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * mirroring (Istio only: Linkerd has no built-in mirroring): N = 200 non-vip GET /products/1 through the entry.
 * The count is v2's own: http_server_requests of the product-service v2 pods' /q/metrics (through
 * port-forwards, not their proxies), before and after each run.
 * <ul>
 *   <li>With istio-mirroring: every answer names v1, and v2 counts at least 0.9 N requests (the copies).</li>
 *   <li>Control, the component off (the 90/10 canary): about 10 % of the answers name v2 and v2 counts what
 *       it answered, at most 0.25 N.</li>
 * </ul>
 */
@Scenario("mirroring")
class MirroringScenario {
    static final int N = Integer.getInteger("meshdemo.mirroring.requests", 200);
    static final String COMPONENT = "istio-mirroring";

    private Run control;

    /** One run: the answers the callers saw and how many requests v2's servers counted meanwhile. */
    record Run(HttpSample.Samples answers, long v2Served) {
        Bands.Share v2Answers() {
            return answers.share(s -> "v2".equals(s.header()));
        }

        @Override
        public String toString() {
            return "answers from v2: " + v2Answers() + ", statuses " + answers.statuses() + "; v2 served " + v2Served
                    + " of " + answers.size() + " sent";
        }
    }

    /** Mirrored: callers see only v1 (all 200), v2 serves (about) every request. */
    static Prediction<Run> mirrored(int n) {
        long min = (long) Math.ceil(0.9 * n);
        return Prediction.of("every answer 200 from v1, v2 served >= " + min + " of n=" + n,
                r -> r.answers().size() == n && r.answers().withStatus(200) == n && r.v2Answers().k() == 0
                        && r.v2Served() >= min);
    }

    /** Not mirrored: v2 answers its canary share and serves only what it answered. */
    static Prediction<Run> canaryOnly(int n) {
        long max = (long) Math.floor(0.25 * n);
        return Prediction.of("v2 answers " + Bands.describe(0.1, n) + ", v2 served <= " + max,
                r -> r.answers().size() == n && Bands.within(r.v2Answers(), 0.1) && r.v2Served() <= max);
    }

    /** GET /products/{id} counted by every running v2 pod of product-service. */
    static long v2Served(ScenarioContext ctx) {
        List<Pod> pods = ctx.cluster().runningPods(Map.of("app", "product-service", "version", "v2"));
        if (pods.isEmpty()) {
            throw new Precondition("no running product-service v2 pod");
        }
        long total = 0;
        for (Pod p : pods) {
            String base = ctx.cluster().forward(p.getMetadata().getName(), Cluster.SERVICE_PORTS.get("product-service"));
            HostHttp.Response r = ctx.http().get(base + "/q/metrics");
            if (!r.ok()) {
                throw new Precondition("cannot read v2's /q/metrics: status " + r.statusText());
            }
            total += Metrics.requestCount(r.body(), "GET", "/products/.+");
        }
        return total;
    }

    /** v2's count once it stops moving: mirrored copies are sent after the answer and may land a moment later. */
    private static long settledV2Served(ScenarioContext ctx) {
        long[] last = {v2Served(ctx)};
        Waits.until("v2's counter to settle", Duration.ofSeconds(20), () -> {
            Waits.sleep(1500);
            long now = v2Served(ctx);
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    private static Run run(ScenarioContext ctx) {
        long before = settledV2Served(ctx);
        HttpSample.Samples s = ctx.http().sample(N, 10, "x-service-version", ctx.settings().entryUrl() + "/products/1");
        return new Run(s, settledV2Served(ctx) - before);
    }

    @Test
    @Order(1)
    @DisplayName("control: the canary without mirroring")
    void control(ScenarioContext ctx) {
        if (!ctx.mesh().isIstio()) {
            ctx.recorder().notOffered(ctx.mesh().id(), "no built-in traffic mirroring (Istio's VirtualService mirror only)");
            return;
        }
        ComponentOff.require(ctx, COMPONENT);
        control = run(ctx);
        ctx.recorder().check("control.canary-only", canaryOnly(N).holds(control), canaryOnly(N).text(), control.toString());
    }

    @Test
    @Order(2)
    @DisplayName("with istio-mirroring")
    void mirroring(ScenarioContext ctx) {
        if (!ctx.mesh().isIstio()) {
            return;
        }
        ctx.features().on(COMPONENT);
        String url = ctx.settings().entryUrl() + "/products/1";
        Waits.until("the gateway stops sending v2 answers", Duration.ofSeconds(120),
                () -> ctx.http().sample(50, 10, "x-service-version", url).withHeader("v2") == 0);
        Run treated = run(ctx);
        ctx.cleanup().restoreNow(Features.offDescription(List.of(COMPONENT)));
        ctx.recorder().contrast("mirroring.v2-sees-copies", mirrored(N), COMPONENT, treated, canaryOnly(N),
                "no mirroring component", control, Run::toString);
    }
}
