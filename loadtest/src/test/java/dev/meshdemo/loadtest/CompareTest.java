package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The comparison's statistics on synthetic runs whose true answer is known. */
class CompareTest {

    /** A run whose latencies are base + exponential noise (ms), like a lightly loaded service. */
    private static Histogram run(double baseMs, double noiseMs, int n, long seed) {
        Random random = new Random(seed);
        Histogram h = new Histogram(2);
        h.setAutoResize(true);
        for (int i = 0; i < n; i++) {
            h.recordValue((long) ((baseMs + noiseMs * -Math.log(1 - random.nextDouble())) * 1_000_000));
        }
        return h;
    }

    /** A run document with only what the comparison reads. */
    private static RunDocument doc(String mesh, int round, Histogram h) {
        return doc("catalog", mesh, round, h, Map.of());
    }

    /** The same for any benchmark, with its per-metric histograms (the per-hop figures read those). */
    static RunDocument doc(String benchmark, String mesh, int round, Histogram h, Map<String, String> perMetric) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("schema", "meshdemo.loadtest.run/v1");
        d.put("id", mesh + "-" + round);
        d.put("benchmark", benchmark);
        d.put("mesh", mesh);
        d.put("performance_test_result", Map.of("start_time", String.format("2026-01-01T00:%02d:00Z", round)));
        d.put("rates", Map.of("requested_sessions_per_s", 500.0, "achieved_requests_per_s", 500.0));
        d.put("valid", Map.of("ok", true));
        d.put("histogram", Map.of("steady", Histograms.encode(h), "per_metric", perMetric));
        return LoadRun.JSON.convertValue(d, RunDocument.class);
    }

    @Test
    void mergingAddsCountsInsteadOfAveragingPercentiles() {
        // Two runs: 990 fast requests and 10 slow ones, and 1000 fast ones. Merged p99.5 is the slow value's
        // region; the average of the per-run p99.5 is not.
        Histogram a = run(1, 0.01, 990, 1);
        for (int i = 0; i < 10; i++) {
            a.recordValue(100_000_000);
        }
        Histogram b = run(1, 0.01, 1000, 2);
        Histogram merged = Histograms.merge(List.of(a, b));
        assertEquals(2000, merged.getTotalCount());
        assertTrue(Histograms.percentileMs(merged, 99.6) >= 99, "merged p99.6 " + Histograms.percentileMs(merged, 99.6));
        double averaged = (Histograms.percentileMs(a, 99.6) + Histograms.percentileMs(b, 99.6)) / 2;
        assertTrue(Math.abs(averaged - Histograms.percentileMs(merged, 99.6)) > 10, "averaging would differ");
        // and the base64 encoding round-trips exactly
        assertEquals(merged, Histograms.decode(Histograms.encode(merged)));
    }

    @Test
    void addedLatencyIsFoundWithAnIntervalAroundIt() {
        List<RunDocument> docs = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            docs.add(doc("plain", round * 2, run(1.0, 0.2, 5000, round)));
            docs.add(doc("istio", round * 2 + 1, run(1.5, 0.2, 5000, 100 + round)));
        }
        Map<String, Object> result = Compare.compare(docs, "plain", 5, 500, 7);
        Map<String, Object> group = group(result);
        assertEquals(true, group.get("interleaved"));
        assertEquals(false, group.get("baseline_unstable"));
        Map<String, Object> p50 = added(group, "istio", "p50");
        double addedMs = (double) p50.get("added_ms");
        assertTrue(Math.abs(addedMs - 0.5) < 0.05, "added p50 " + addedMs);
        assertTrue((double) p50.get("ci95_low_ms") <= addedMs && addedMs <= (double) p50.get("ci95_high_ms"));
        assertTrue((double) p50.get("ci95_low_ms") > 0.4 && (double) p50.get("ci95_high_ms") < 0.6, p50.toString());
        assertTrue(((List<?>) group.get("warnings")).isEmpty(), group.get("warnings").toString());
    }

    @Test
    void varyingBaselineIsFlaggedUnstableAndBatchedRunsAreNotInterleaved() {
        List<RunDocument> docs = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            // baseline p50 drifts 1.0 .. 1.8 ms between runs: far more than 10 %
            docs.add(doc("plain", round, run(1.0 + 0.2 * round, 0.1, 3000, round)));
            docs.add(doc("linkerd", 10 + round, run(1.5, 0.1, 3000, 50 + round)));
        }
        Map<String, Object> group = group(Compare.compare(docs, "plain", 5, 200, 7));
        assertEquals(true, group.get("baseline_unstable"));
        assertFalse((Boolean) group.get("interleaved"), "all plain runs came before all linkerd runs");
        String warnings = group.get("warnings").toString();
        assertTrue(warnings.contains("UNSTABLE ENVIRONMENT"), warnings);
        assertTrue(warnings.contains("not interleaved"), warnings);
    }

    @Test
    void fewerThanTheMinimumRunsIsAWarning() {
        List<RunDocument> docs = List.of(doc("plain", 0, run(1, 0.1, 1000, 1)), doc("istio", 1, run(2, 0.1, 1000, 2)));
        String warnings = group(Compare.compare(docs, "plain", 5, 100, 7)).get("warnings").toString();
        assertTrue(warnings.contains("fewer than 5"), warnings);
    }

    @Test
    void kneeIsTheLastRateBeforeTheTailBendsOrTheRateIsMissed() {
        assertEquals(400.0, HtmlReport.knee(List.of(100.0, 200.0, 400.0, 800.0), List.of(2.0, 2.1, 2.5, 9.0),
                List.of(100.0, 200.0, 400.0, 800.0)));
        assertEquals(200.0, HtmlReport.knee(List.of(100.0, 200.0, 400.0), List.of(2.0, 2.1, 2.5),
                List.of(100.0, 200.0, 350.0)));
        assertEquals(null, HtmlReport.knee(List.of(100.0, 200.0), List.of(2.0, 2.1), List.of(100.0, 200.0)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> group(Map<String, Object> result) {
        return (Map<String, Object>) ((List<Object>) result.get("groups")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> added(Map<String, Object> group, String mesh, String p) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) group.get("added_latency_over_plain"))
                .get(mesh)).get(p);
    }
}
