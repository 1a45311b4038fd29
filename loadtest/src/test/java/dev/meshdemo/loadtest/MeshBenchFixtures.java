package dev.meshdemo.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.HdrHistogram.Histogram;

/**
 * Writes src/test/resources/bench-meshes: what loadtest/k8s/bench-in-cluster.sh leaves in its results directory
 * after 5 rounds of the catalog at 200 and 1000 req/s over the five set-ups, interleaved: one run document per
 * run (the harness's record, written by its serializer, the template being run-document-v1.json) and its
 * kubelet samples ({@code <id>.data-plane.prom}, the lines the script keeps). SYNTHETIC, not recorded on a
 * cluster: latencies are drawn from a known model (base + exponential + a per-run offset + the set-up's
 * added latency per hop) and the proxies' CPU counters grow at known rates, so the tests know the true answer.
 * Regenerate with {@code main} (MeshBenchTest checks that the files are exactly what this writes).
 */
final class MeshBenchFixtures {

    static final Path DIR = Benchmarks.MODULE.resolve("src/test/resources/bench-meshes");
    static final int ROUNDS = 5;
    static final int[] RATES = {200, 1000};
    static final long STEADY_MS = 60_000;
    static final long WARMUP_MS = 30_000;
    /** Run-to-run spread of the latency (a per-run offset, ms): what the bootstrap over runs must see. */
    static final double RUN_SD_MS = 0.03;
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** A proxy container of a set-up and its true cost: cores per 1000 req/s carried, working set. */
    record Proxy(String namespace, String pod, String container, double coresPer1000Rps, double memoryMib) {
    }

    /** A set-up: its true added latency per hop and its proxies. */
    record Setup(String name, String namespace, double addedMsPerHop, List<Proxy> proxies) {
        double coresPer1000Rps() {
            return proxies.stream().mapToDouble(Proxy::coresPer1000Rps).sum();
        }
    }

    static final List<Setup> SETUPS = List.of(
            new Setup("plain", "meshdemo-plain", 0, List.of()),
            new Setup("istio-sidecar", "meshdemo-sidecar", 0.40, services("meshdemo-sidecar", "istio-proxy", 0.09, 58,
                    new Proxy("meshdemo-loadtest", "loadtest-7xk2p", "istio-proxy", 0.20, 52))),
            new Setup("istio-ztunnel", "meshdemo-ztunnel", 0.12, List.of(
                    new Proxy("istio-system", "ztunnel-k8x2p", "istio-proxy", 0.03, 12),
                    new Proxy("istio-system", "ztunnel-q7w4m", "istio-proxy", 0.03, 13))),
            new Setup("istio-waypoint", "meshdemo-waypoint", 0.55, List.of(
                    new Proxy("istio-system", "ztunnel-k8x2p", "istio-proxy", 0.035, 12),
                    new Proxy("istio-system", "ztunnel-q7w4m", "istio-proxy", 0.035, 13),
                    new Proxy("meshdemo-waypoint", "waypoint-6b9f7c9d8-r2t5v", "istio-proxy", 0.24, 62))),
            new Setup("linkerd", "meshdemo-linkerd", 0.22, services("meshdemo-linkerd", "linkerd-proxy", 0.04, 18,
                    new Proxy("meshdemo-loadtest", "loadtest-m4q9z", "linkerd-proxy", 0.09, 16))));

    private MeshBenchFixtures() {
    }

    /** The services' proxies: product-service's two versions carry the load, the others idle. */
    private static List<Proxy> services(String ns, String container, double productShare, double mib, Proxy loadGenerator) {
        List<Proxy> p = new ArrayList<>();
        p.add(new Proxy(ns, "product-service-v1-5f7d9c6b8-h2k4n", container, productShare, mib));
        p.add(new Proxy(ns, "product-service-v2-7c8b5d4f9-w6p3x", container, productShare, mib));
        for (String svc : new String[] {"cart-service-6d5f8b7c9-a1b2c", "order-service-84c7d6f5b-d3e4f",
                "user-service-5b9c8d7f6-g5h6j", "exam-service-7f6d5c4b8-k7m8n"}) {
            p.add(new Proxy(ns, svc, container, 0.002, mib));
        }
        p.add(loadGenerator);
        return p;
    }

    public static void main(String[] args) throws IOException {
        write(DIR);
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        RunDocument template = LoadRun.JSON.readValue(
                Files.readString(Benchmarks.MODULE.resolve("src/test/resources/run-document-v1.json")), RunDocument.class);
        Random random = new Random(20261206);
        int slot = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int rate : RATES) {
                for (Setup setup : SETUPS) {
                    Instant start = T0.plusMillis(slot++ * (WARMUP_MS + STEADY_MS + 15_000) + WARMUP_MS);
                    double offset = random.nextGaussian() * RUN_SD_MS;
                    RunDocument doc = document(template, setup, rate, start, offset, random);
                    Files.writeString(dir.resolve(doc.id() + ".json"), LoadRun.JSON.writeValueAsString(doc) + "\n");
                    Files.writeString(dir.resolve(doc.id() + DataPlane.FILE_SUFFIX), samples(setup, rate, start, random));
                }
            }
        }
    }

    /** A request's latency (ms): 0.6 + exponential(0.25), one in 500 3 ms later (GC, a retransmit). */
    private static double latencyMs(Random random, double offset, double added) {
        double ms = 0.6 + offset + added - 0.25 * Math.log(1 - random.nextDouble());
        return random.nextInt(500) == 0 ? ms + 3 : ms;
    }

    private static RunDocument document(RunDocument t, Setup setup, int rate, Instant start, double offset, Random random) {
        Histogram h = new Histogram(2);
        h.setAutoResize(true);
        long n = rate * STEADY_MS / 1000;
        for (long i = 0; i < n; i++) {
            h.recordValue((long) (latencyMs(random, offset, setup.addedMsPerHop()) * 1_000_000));
        }
        Instant end = start.plusMillis(STEADY_MS);
        h.setStartTimeStamp(start.toEpochMilli());
        h.setEndTimeStamp(end.toEpochMilli());
        String id = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(start)
                + "-catalog-" + setup.name() + "-" + rate;
        String target = "http://product-service." + setup.namespace() + ":3001";
        Map<String, String> params = new LinkedHashMap<>(t.params());
        params.put("CONNECTIONS", "32");
        params.put("DURATION", STEADY_MS / 1000 + "s");
        params.put("RATE", String.valueOf(rate));
        params.put("TARGET", target);
        params.put("WARMUP", WARMUP_MS / 1000 + "s");
        double seconds = STEADY_MS / 1000.0;
        double achieved = n / seconds;
        var client = t.config().clients().get(0);
        var config = new RunDocument.TestConfig(t.config().smpVersion(), id, "catalog",
                new RunDocument.Labels("catalog", setup.name()),
                List.of(new RunDocument.Client(true, client.loadGenerator(), "http", "HTTP/1.1", 32, (double) rate,
                        client.arrival(), List.of(target))), seconds + "s");
        var latencies = new RunDocument.Latencies(Histograms.millis(h.getMinValue()), Histograms.millis((long) h.getMean()),
                Histograms.percentileMs(h, 50), Histograms.percentileMs(h, 90), Histograms.percentileMs(h, 99),
                Histograms.millis(h.getMaxValue()));
        var result = new RunDocument.TestResult(t.result().smpVersion(), id, start.toString(), end.toString(), latencies, achieved);
        var tail = new RunDocument.Tail(Histograms.percentileMs(h, 99.9), Histograms.percentileMs(h, 99.99),
                Histograms.millis((long) h.getStdDeviation()));
        var rates = new RunDocument.Rates((double) rate, n, achieved, n, n, achieved, seconds, seconds);
        var errors = new RunDocument.Errors(0, 0, 0, 0, 0, n, 0, 0, 0, 0);
        var omission = new RunDocument.Omission(0, false, 4000, 12, 0.0, t.coordinatedOmission().note());
        var summary = new RunDocument.MetricSummary(n, n, 0, latencies.min(), latencies.p50(), latencies.p90(),
                latencies.p99(), tail.p999(), tail.p9999(), latencies.max());
        long all = n * (WARMUP_MS + STEADY_MS) / STEADY_MS;
        var loadGenerator = new RunDocument.CpuUse(all * 0.05, 50.0);
        var cpu = new RunDocument.Cpu(t.cpu().scope(), all, Map.of("load-generator", loadGenerator), WARMUP_MS + STEADY_MS);
        Map<String, Object> mesh = new LinkedHashMap<>();
        mesh.put("mesh_type", setup.name());
        mesh.put("setup", setup.name());
        mesh.put("namespace", setup.namespace());
        mesh.put("note", "SYNTHETIC fixture (MeshBenchFixtures): known model, not a cluster measurement");
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("kind", "kubernetes");
        environment.put("kubernetes_version", "v1.34.0");
        // ordered maps: Map.of's order changes from one JVM to the next, and the files must not
        environment.put("machine", new java.util.TreeMap<>(Map.of("cpu_model", "synthetic", "cores", 2, "mem_mb", 4096,
                "os", "Linux")));
        environment.put("node", List.of(new java.util.TreeMap<>(Map.of("name", "meshdemo-worker", "cores", "4")),
                new java.util.TreeMap<>(Map.of("name", "meshdemo-worker2", "cores", "4"))));
        var raw = new RunDocument.RawHistograms(t.histogram().encoding(), "nanoseconds", 2, Histograms.encode(h),
                Map.of("getProduct", Histograms.encode(h)));
        return new RunDocument(RunDocument.SCHEMA, id, "catalog", "catalog.hf.yaml", setup.name(), params, config, result,
                tail, rates, errors, omission, new RunDocument.Validity(true, List.of()), Map.of("getProduct", summary), cpu,
                mesh, environment, t.jvm(), t.git(), raw);
    }

    /**
     * The kubelet's lines for the set-up's proxies every 10 s, from the warm-up to after the steady phase: each
     * CPU counter grows at its proxy's cores for the rate (within 3 % per run), the working set near its value.
     */
    private static String samples(Setup setup, int rate, Instant steadyStart, Random random) {
        StringBuilder out = new StringBuilder();
        long from = steadyStart.toEpochMilli() - WARMUP_MS + 3_000;
        long to = steadyStart.toEpochMilli() + STEADY_MS + 10_000;
        Map<Proxy, Double> cores = new LinkedHashMap<>();
        Map<Proxy, Double> base = new LinkedHashMap<>();
        for (Proxy p : setup.proxies()) {
            cores.put(p, p.coresPer1000Rps() * rate / 1000 * (1 + 0.03 * random.nextGaussian()));
            base.put(p, 100 + 50 * random.nextDouble());
        }
        for (long at = from; at <= to; at += 10_000) {
            for (String node : new String[] {"meshdemo-worker", "meshdemo-worker2"}) {
                out.append("# node=").append(node).append('\n');
                for (Proxy p : setup.proxies()) {
                    if (!node.equals(nodeOf(p))) {
                        continue;
                    }
                    String labels = String.format("container=\"%s\",namespace=\"%s\",pod=\"%s\"", p.container(),
                            p.namespace(), p.pod());
                    double cpu = base.get(p) + cores.get(p) * (at - from) / 1000.0;
                    double bytes = p.memoryMib() * 1024 * 1024 * (1 + 0.01 * random.nextDouble());
                    out.append(String.format(Locale.ROOT, "container_cpu_usage_seconds_total{%s} %.6f %d%n", labels, cpu, at));
                    out.append(String.format(Locale.ROOT, "container_memory_working_set_bytes{%s} %.0f %d%n", labels, bytes, at));
                }
            }
        }
        return out.toString();
    }

    /** Spread over two nodes like a small kind cluster: one ztunnel per node. */
    private static String nodeOf(Proxy p) {
        return p.pod().equals("ztunnel-q7w4m") || p.pod().contains("-v2-") || p.pod().startsWith("order")
                ? "meshdemo-worker2" : "meshdemo-worker";
    }
}
