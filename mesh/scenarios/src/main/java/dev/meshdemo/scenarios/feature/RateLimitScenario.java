package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Bands;
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
import java.util.Locale;

/**
 * rate-limit: product-service's proxies admit 5 requests per second each (Istio: the local rate limit
 * EnvoyFilter of istio-rate-limit; Linkerd: HTTPLocalRateLimitPolicy of linkerd-rate-limit) and answer the rest
 * 429. N = 200 GET /products/1 through the entry, 10 in flight (well above the 5/s per pod of 4 pods), once
 * with the component off (control: not one 429, all 200) and once on (at least 25 % 429, the rest 200; Istio's
 * 429 carry x-local-rate-limit: true). The rate each run reached is reported beside its counts.
 */
@Scenario("rate-limit")
class RateLimitScenario {
    static final int N = Integer.getInteger("meshdemo.rate-limit.requests", 200);
    static final int PARALLEL = 10;
    static final double MIN_LIMITED = 0.25;
    /** Envoy's local rate limit marks its own 429s with this header (Linkerd's proxy adds none). */
    static final String ISTIO_MARK = "x-local-rate-limit";

    private Run control;

    /** One run: the samples and the rate it reached. */
    record Run(HttpSample.Samples samples, double seconds) {
        double rate() {
            return seconds <= 0 ? 0 : samples.size() / seconds;
        }

        Bands.Share limited() {
            return samples.share(s -> s.status() == 429);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "429: %s, statuses %s, %.0f req/s", limited(), samples.statuses(), rate());
        }
    }

    static String component(Mesh mesh) {
        return mesh.component("rate-limit");
    }

    /** With the limit: at least 25 % 429, every other answer 200 and, on Istio, every 429 marked by Envoy. */
    static Prediction<Run> limitedPrediction(Mesh mesh) {
        return Prediction.of("429 share >= " + MIN_LIMITED + ", the rest 200" + (mesh.isIstio() ? ", each 429 with " + ISTIO_MARK + ": true" : ""),
                r -> r.samples().size() > 0 && Bands.atLeast(r.limited(), MIN_LIMITED)
                        && r.samples().withStatus(200) + r.limited().k() == r.samples().size()
                        && (!mesh.isIstio() || r.samples().count(s -> s.status() == 429 && !"true".equals(s.header())) == 0));
    }

    /** Without it: not one 429, every answer 200. */
    static Prediction<Run> unlimitedPrediction() {
        return Prediction.of("no 429, all 200", r -> r.samples().size() > 0 && r.limited().k() == 0
                && r.samples().withStatus(200) == r.samples().size());
    }

    private static Run burst(ScenarioContext ctx, int n) {
        long t0 = System.nanoTime();
        HttpSample.Samples s = ctx.http().sample(n, PARALLEL, ISTIO_MARK, ctx.settings().entryUrl() + "/products/1");
        return new Run(s, (System.nanoTime() - t0) / 1e9);
    }

    @Test
    @Order(1)
    @DisplayName("control: no rate limit")
    void control(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            ctx.recorder().notOffered("plain Kubernetes", "no proxy to limit the rate");
            return;
        }
        ComponentOff.require(ctx, component(ctx.mesh()));
        control = burst(ctx, N);
        ctx.recorder().check("control.no-429", unlimitedPrediction().holds(control), unlimitedPrediction().text(), control.toString());
    }

    @Test
    @Order(2)
    @DisplayName("with the rate limit")
    void limited(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            return;
        }
        String component = component(ctx.mesh());
        ctx.features().on(component);
        Waits.until("the limit reaches product-service's proxies", Duration.ofSeconds(120),
                () -> burst(ctx, 40).limited().k() >= 5);
        // Let the token buckets refill before the measured run.
        Waits.sleep(2000);
        Run treated = burst(ctx, N);
        ctx.cleanup().restoreNow(Features.offDescription(List.of(component)));
        ctx.recorder().contrast("rate-limit.429-share", limitedPrediction(ctx.mesh()), component, treated,
                unlimitedPrediction(), "no rate-limit component", control, Run::toString);
    }
}
