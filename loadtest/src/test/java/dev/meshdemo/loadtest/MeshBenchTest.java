package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five-data-plane comparison (loadtest/k8s/bench-in-cluster.sh): the proxies' cost from kubelet samples,
 * added latency per hop, the bootstrap's coverage of a known difference, and the report, on the synthetic
 * results of {@link MeshBenchFixtures} whose true figures are known.
 */
class MeshBenchTest {

    @Test
    void fixturesAreExactlyWhatTheGeneratorWrites(@TempDir Path tmp) throws Exception {
        MeshBenchFixtures.write(tmp);
        List<String> expected = names(tmp);
        assertEquals(expected, names(MeshBenchFixtures.DIR), "fixture files");
        assertEquals(MeshBenchFixtures.ROUNDS * MeshBenchFixtures.RATES.length * MeshBenchFixtures.SETUPS.size() * 2,
                expected.size());
        for (String name : expected) {
            assertEquals(Files.readString(tmp.resolve(name)), Files.readString(MeshBenchFixtures.DIR.resolve(name)), name);
        }
    }

    @Test
    void proxiesCostIsTheirCounterGrowthInTheSteadyPhaseOverTheRate() throws Exception {
        List<RunDocument> docs = Results.load(MeshBenchFixtures.DIR);
        Map<String, DataPlane.RunCost> costs = DataPlane.load(MeshBenchFixtures.DIR, docs);
        assertEquals(docs.size(), costs.size(), "every run has its samples");
        for (RunDocument doc : docs) {
            MeshBenchFixtures.Setup setup = setup(doc.mesh());
            DataPlane.RunCost cost = costs.get(doc.id());
            assertTrue(cost.problems().isEmpty(), cost.problems().toString());
            if (setup.proxies().isEmpty()) {
                assertEquals(0, cost.cores(), doc.id());
                assertTrue(cost.roles().isEmpty());
                continue;
            }
            // per run within the generator's 3 % spread (4 standard deviations: 12 %)
            double truth = setup.coresPer1000Rps();
            assertTrue(Math.abs(cost.coresPer1000Rps() - truth) < 0.12 * truth, doc.id() + ": " + cost.coresPer1000Rps() + " vs " + truth);
            double memory = setup.proxies().stream().mapToDouble(MeshBenchFixtures.Proxy::memoryMib).sum();
            assertTrue(cost.memoryMib() >= memory && cost.memoryMib() <= memory * 1.011, doc.id() + ": " + cost.memoryMib());
        }
        DataPlane.RunCost waypoint = costs.values().stream().filter(c -> c.runId().contains("istio-waypoint")).findFirst().orElseThrow();
        assertEquals(List.of("waypoint", "ztunnel"), List.copyOf(waypoint.roles().keySet()));
        assertEquals(2, waypoint.roles().get("ztunnel").containers());
        DataPlane.RunCost sidecar = costs.values().stream().filter(c -> c.runId().contains("istio-sidecar")).findFirst().orElseThrow();
        assertEquals(List.of("istio-proxy (load generator)", "istio-proxy (services)"), List.copyOf(sidecar.roles().keySet()));
    }

    @Test
    void samplesOutsideTheSteadyPhaseRestartsAndSingleSamplesDoNotCount() throws Exception {
        RunDocument doc = Results.load(MeshBenchFixtures.DIR).stream().filter(d -> d.mesh().equals("istio-ztunnel")).findFirst()
                .orElseThrow();
        long start = java.time.Instant.parse(doc.result().startTime()).toEpochMilli();
        long end = java.time.Instant.parse(doc.result().endTime()).toEpochMilli();
        String a = "container=\"istio-proxy\",namespace=\"istio-system\",pod=\"ztunnel-a\"";
        String b = "container=\"istio-proxy\",namespace=\"istio-system\",pod=\"ztunnel-b\"";
        String c = "container=\"istio-proxy\",namespace=\"istio-system\",pod=\"ztunnel-c\"";
        String samples = String.join("\n",
                "# node=n1",
                // a: 0.5 cores inside the steady phase, and a huge jump before it that must not count
                "container_cpu_usage_seconds_total{" + a + "} 1 " + (start - 20_000),
                "container_cpu_usage_seconds_total{" + a + "} 500 " + (start - 10_000),
                "container_cpu_usage_seconds_total{" + a + "} 510 " + (start + 1_000),
                "container_cpu_usage_seconds_total{" + a + "} 525 " + (end - 1_000),
                "container_memory_working_set_bytes{" + a + "} 2097152 " + (start + 1_000),
                "container_memory_working_set_bytes{" + a + "} 9999999999 " + (end + 5_000),
                // b restarted: its counter went backwards
                "container_cpu_usage_seconds_total{" + b + "} 90 " + (start + 1_000),
                "container_cpu_usage_seconds_total{" + b + "} 3 " + (end - 1_000),
                // c: one sample only
                "container_cpu_usage_seconds_total{" + c + "} 7 " + (start + 1_000),
                "process_cpu_seconds_total 12");
        DataPlane.RunCost cost = DataPlane.cost(doc, samples);
        double span = (end - 2_000 - start) / 1000.0;
        assertEquals(15 / span, cost.cores(), 1e-9);
        assertEquals(2.0, cost.memoryMib(), 1e-9, "the peak inside the steady phase");
        assertEquals(2, cost.problems().size(), cost.problems().toString());
        assertTrue(cost.problems().get(0).contains("went backwards"), cost.problems().toString());
        assertTrue(cost.problems().get(1).contains("fewer than two"), cost.problems().toString());
    }

    @Test
    void comparisonFindsEachSetupsKnownAddedLatencyPerHopAndProxyCost() throws Exception {
        List<RunDocument> docs = Results.load(MeshBenchFixtures.DIR);
        Map<String, Object> result = Compare.compare(docs, DataPlane.load(MeshBenchFixtures.DIR, docs), "plain", 5, 200, 11);
        List<Map<String, Object>> groups = groups(result);
        assertEquals(List.of("catalog @ 1000/s", "catalog @ 200/s"), groups.stream().map(g -> g.get("group")).toList());
        for (Map<String, Object> group : groups) {
            assertEquals(true, group.get("interleaved"), group.get("group").toString());
            assertEquals(false, group.get("baseline_unstable"), group.toString());
            Map<String, Object> perHop = map(group, "added_latency_per_hop_over_plain");
            for (MeshBenchFixtures.Setup setup : MeshBenchFixtures.SETUPS.subList(1, MeshBenchFixtures.SETUPS.size())) {
                Map<String, Object> metric = map(map(perHop, setup.name()), "getProduct");
                assertEquals(1, metric.get("hops"));
                Map<String, Object> p50 = map(metric, "p50");
                double added = (double) p50.get("added_ms");
                // 5 runs per side, run offsets of 0.03 ms: the difference of the means is within 0.06 ms
                assertTrue(Math.abs(added - setup.addedMsPerHop()) < 0.06, setup.name() + " p50 " + added);
                assertTrue((double) p50.get("ci95_low_ms") <= added && added <= (double) p50.get("ci95_high_ms"));
                assertTrue((double) p50.get("ci95_high_ms") - (double) p50.get("ci95_low_ms") > 0.01, "the runs vary: " + p50);

                Map<String, Object> dp = map(map(map(group, "meshes"), setup.name()), "data_plane");
                Map<String, Object> cores = map(dp, "cores_per_1000_rps");
                double mean = (double) cores.get("mean");
                assertTrue(Math.abs(mean - setup.coresPer1000Rps()) < 0.05 * setup.coresPer1000Rps(), setup.name() + " " + mean);
                assertTrue((double) cores.get("ci95_low") <= mean && mean <= (double) cores.get("ci95_high"));
                assertEquals(5, ((List<?>) cores.get("per_run")).size());
                double cv = (double) cores.get("cv");
                assertTrue(cv > 0.005 && cv < 0.08, "3 % spread per run, CV " + cv);
            }
            Map<String, Object> plain = map(map(map(group, "meshes"), "plain"), "data_plane");
            assertEquals(0.0, (double) map(plain, "cores_per_1000_rps").get("mean"));
        }
    }

    @Test
    void perHopDividesEachMetricByTheHopsItsRequestTakes() {
        List<RunDocument> docs = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            docs.add(shopping("plain", round * 2, 0, round));
            docs.add(shopping("linkerd", round * 2 + 1, 0.4, 100 + round));
        }
        Map<String, Object> group = groups(Compare.compare(docs, "plain", 5, 300, 3)).get(0);
        Map<String, Object> linkerd = map(map(group, "added_latency_per_hop_over_plain"), "linkerd");
        assertEquals(List.of("addToCart", "createUser", "placeOrder"), List.copyOf(linkerd.keySet()));
        for (String metric : linkerd.keySet()) {
            Map<String, Object> m = map(linkerd, metric);
            assertEquals(Compare.HOPS.get(metric), m.get("hops"));
            double perHop = (double) map(m, "p50").get("added_ms");
            assertTrue(Math.abs(perHop - 0.4) < 0.05, metric + ": " + perHop + " per hop");
        }
    }

    /**
     * Coverage of a known difference: 100 experiments of 8 runs per side, each run shifted by its own offset
     * (sd 0.05 ms, the run-to-run variation that dominates on shared clusters), the mesh 0.3 ms slower. A 95 %
     * interval must contain 0.3 in about 95 of 100 (the percentile bootstrap of 8 runs covers a little less:
     * at least 85), and its width must match what the known run spread implies (2 x 1.96 x 0.05 x sqrt(2/8),
     * times sqrt(7/8) for the bootstrap's plug-in variance). An interval that resampled requests instead of
     * runs would be a tenth as wide and cover far less; one that drew the same runs on both sides would miss.
     */
    @Test
    void bootstrapIntervalCoversAKnownDifferenceAndHasTheWidthTheRunSpreadImplies() {
        Random random = new Random(5);
        int experiments = 100;
        int runs = 8;
        int covered = 0;
        double widths = 0;
        for (int e = 0; e < experiments; e++) {
            List<Histogram> plain = new ArrayList<>();
            List<Histogram> mesh = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                plain.add(run(random, 1.0 + 0.05 * random.nextGaussian(), 400));
                mesh.add(run(random, 1.3 + 0.05 * random.nextGaussian(), 400));
            }
            Map<String, Object> p50 = map(Compare.addedLatency(plain, mesh, 300, e), "p50");
            double lo = (double) p50.get("ci95_low_ms");
            double hi = (double) p50.get("ci95_high_ms");
            if (lo <= 0.3 && 0.3 <= hi) {
                covered++;
            }
            widths += hi - lo;
        }
        double expectedWidth = 2 * 1.96 * 0.05 * Math.sqrt(2.0 / runs) * Math.sqrt((runs - 1.0) / runs);
        double width = widths / experiments;
        assertTrue(covered >= 85 && covered <= 100, "covered " + covered + " of " + experiments);
        assertTrue(width > 0.7 * expectedWidth && width < 1.4 * expectedWidth, "mean width " + width + " vs " + expectedWidth);
    }

    @Test
    void meanIntervalOfTheProxiesCostCoversTheTrueMean() {
        Random random = new Random(9);
        int covered = 0;
        for (int e = 0; e < 400; e++) {
            double[] perRun = new double[8];
            for (int i = 0; i < perRun.length; i++) {
                perRun[i] = 0.2 + 0.02 * random.nextGaussian();
            }
            Map<String, Object> s = Compare.summary(perRun, 500, e);
            if ((double) s.get("ci95_low") <= 0.2 && 0.2 <= (double) s.get("ci95_high")) {
                covered++;
            }
        }
        // the percentile bootstrap of a mean of 8 normal values covers about 90 %
        assertTrue(covered >= 0.85 * 400 && covered <= 0.97 * 400, "covered " + covered + " of 400");
    }

    @Test
    void reportRendersTheDataPlanesBesideThePublishedFigures() throws Exception {
        List<RunDocument> docs = Results.load(MeshBenchFixtures.DIR);
        Map<String, Object> comparison = Compare.compare(docs, DataPlane.load(MeshBenchFixtures.DIR, docs), "plain", 5, 200, 1);
        String html = HtmlReport.render(docs, comparison);
        assertTrue(html.contains("<h2>Data planes compared (baseline plain)</h2>"), "section");
        assertTrue(html.contains("getProduct: added latency per hop at p99"), "per-hop plot");
        assertTrue(html.contains("Proxies' CPU per 1000 requests/s"), "CPU bars");
        for (MeshBenchFixtures.Setup setup : MeshBenchFixtures.SETUPS) {
            assertTrue(html.contains("<td class=\"l\">" + setup.name() + "</td>"), setup.name() + " in the tables");
        }
        assertTrue(html.contains("ztunnel: "), "by role");
        for (PublishedFigures.Figure f : PublishedFigures.FIGURES) {
            assertTrue(html.contains(SvgPlot.esc(f.url())), f.url());
        }
        assertTrue(html.contains("0.20 vCPU") && html.contains("0.06 vCPU") && html.contains(">not found<"));
        // self-contained: inline SVG, no script, stylesheet or image fetched from anywhere
        assertTrue(html.contains("<svg"));
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img"), "no external resources");
    }

    private static Histogram run(Random random, double baseMs, int n) {
        Histogram h = new Histogram(2);
        h.setAutoResize(true);
        for (int i = 0; i < n; i++) {
            h.recordValue((long) ((baseMs - 0.1 * Math.log(1 - random.nextDouble())) * 1_000_000));
        }
        return h;
    }

    /** A shopping run: each metric's requests take HOPS hops, each adding perHopMs over plain. */
    private static RunDocument shopping(String mesh, int slot, double perHopMs, long seed) {
        Random random = new Random(seed);
        Map<String, String> perMetric = new LinkedHashMap<>();
        List<Histogram> all = new ArrayList<>();
        for (String metric : List.of("createUser", "addToCart", "placeOrder")) {
            int hops = Compare.HOPS.get(metric);
            Histogram h = run(random, hops * (1.0 + perHopMs) + 0.01 * random.nextGaussian(), 3000);
            perMetric.put(metric, Histograms.encode(h));
            all.add(h);
        }
        return CompareTest.doc("shopping", mesh, slot, Histograms.merge(all), perMetric);
    }

    private static MeshBenchFixtures.Setup setup(String name) {
        return MeshBenchFixtures.SETUPS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> groups(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("groups");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " in " + parent.keySet());
        return (Map<String, Object>) value;
    }
}
