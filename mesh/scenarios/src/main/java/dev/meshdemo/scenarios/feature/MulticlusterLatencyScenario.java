package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Observation;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * multicluster-latency (make scenarios-multicluster): what the cross-cluster hop adds. The harness's in-cluster
 * client in east sends N GET /products/1, one after the other, each on a new connection to its own proxy (curl's
 * time_total), to product-service served in east and then served from west, in the same run: Istio with east's
 * product pods scaled to zero (restored at the end), so the same URL goes through west's east-west gateway;
 * Linkerd to product-service-west (the mirror, through west's gateway). p50 and p99 of both are reported side by
 * side with the difference. It is a measurement, not a proof: the verdict only checks that both paths answered
 * (>= 99 % 2xx) and that each was served where it should be (a /whoami sample before each series). One client
 * and sequential requests: no load model, so read the numbers as the latency of an idle path (the benchmark
 * harness, loadtest/k8s, measures under load on one cluster).
 */
@Scenario("multicluster-latency")
class MulticlusterLatencyScenario {
    static final int N = 200;
    static final double MIN_OK = 0.99;

    private MultiCluster mc;
    private ClientPod client;
    private Series inEast;
    private Series fromWest;

    /** One series: the requests' outcomes, and how many of a /whoami sample came from the intended cluster. */
    record Series(String path, HttpSample.Samples samples, long attributed, int sampled) {
        List<Double> okSeconds() {
            return samples.all().stream().filter(s -> s.status() >= 200 && s.status() < 300).map(HttpSample::seconds).toList();
        }

        double p50() {
            return MultiCluster.percentileMs(okSeconds(), 50);
        }

        double p99() {
            return MultiCluster.percentileMs(okSeconds(), 99);
        }

        boolean sane() {
            return samples.size() > 0 && samples.ok() >= Math.ceil(MIN_OK * samples.size()) && attributed == sampled && sampled > 0;
        }

        String describe() {
            return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (n=%d, %s; %d/%d of a /whoami sample served there)",
                    p50(), p99(), samples.size(), samples.statuses(), attributed, sampled);
        }

        Map<String, Object> values() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("path", path);
            v.put("n", samples.size());
            v.put("ok", samples.ok());
            v.put("p50_ms", p50());
            v.put("p99_ms", p99());
            v.put("attributed", attributed);
            v.put("sampled", sampled);
            return v;
        }
    }

    /** The verdict line's numbers: both series and what the hop adds (p50 and p99 differences). */
    static String added(Series east, Series west) {
        return String.format(Locale.ROOT, "the hop adds p50 %+.1f ms, p99 %+.1f ms", west.p50() - east.p50(), west.p99() - east.p99());
    }

    @Test
    @Order(1)
    @DisplayName("two clusters, the client and its grants")
    void setup(ScenarioContext ctx) {
        mc = MultiCluster.connectWithClient(ctx);
        client = mc.client;
    }

    private Series series(String base, Set<String> servedBy) {
        String whoami = base + "/whoami";
        Waits.until("GET " + whoami + " answered", Duration.ofSeconds(180), () -> {
            List<ClientPod.Reply> r = client.replies(3, whoami);
            return MultiCluster.Batch.of(r, Set.of(), Set.of()).answeredBy(servedBy) == 3;
        });
        MultiCluster.Batch sample = MultiCluster.Batch.of(client.replies(10, whoami), Set.of(), Set.of());
        client.requests(20, 1, "x-service", base + "/products/1"); // warm-up: connections, caches, the JIT
        return new Series(base + "/products/1", client.requests(N, 1, "x-service", base + "/products/1"),
                sample.answeredBy(servedBy), sample.n());
    }

    @Test
    @Order(2)
    @DisplayName("served in east")
    void servedInEast(ScenarioContext ctx) {
        inEast = series(mc.productUrl(""), mc.productPods(mc.east));
    }

    @Test
    @Order(3)
    @DisplayName("served from west, across the clusters")
    void servedFromWest(ScenarioContext ctx) {
        String base;
        if (ctx.mesh().isIstio()) {
            mc.scaleEastProductToZero();
            base = mc.productUrl("");
        } else {
            base = mc.mirrorUrl("");
        }
        fromWest = series(base, mc.productPods(mc.west));
        if (ctx.mesh().isIstio()) {
            mc.restoreEastProduct();
        }
    }

    @Test
    @Order(4)
    @DisplayName("what the cross-cluster hop adds")
    void report(ScenarioContext ctx) {
        if (inEast == null || fromWest == null) {
            ctx.recorder().fail("cross-cluster-latency", "a series is missing: " + (inEast == null ? "served in east" : "served from west"));
            return;
        }
        boolean ok = inEast.sane() && fromWest.sane();
        ctx.recorder().record("cross-cluster-latency", ok,
                ">= 99 % 2xx on both paths, each served where intended; the numbers are a measurement (" + N + " sequential requests)",
                Observation.of("served from west: " + fromWest.path(), fromWest.describe() + "; " + added(inEast, fromWest), fromWest.values()),
                Observation.of("served in east: " + inEast.path(), inEast.describe(), inEast.values()),
                ok ? "" : "a path did not answer, or answered from the wrong cluster");
    }
}
