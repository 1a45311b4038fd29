package dev.meshdemo.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hyperfoil.api.config.Benchmark;
import io.hyperfoil.api.statistics.StatisticsSnapshot;
import io.hyperfoil.http.config.Http;
import io.hyperfoil.http.statistics.HttpStats;
import org.HdrHistogram.Histogram;

/**
 * One measured run: runs a benchmark through {@link HyperfoilRunner}, measures CPU of the load generator and of
 * the local services it targets, and turns the outcome into the result document (one JSON per run, with the
 * Service Mesh Performance fields, the tail percentiles, error counts, the environment and the raw histogram).
 */
public final class LoadRun {

    /** The phase every benchmark reports; the other phases (warm-up) are run but not reported. */
    public static final String MEASURED_PHASE = "steady";
    public static final String LOAD_GENERATOR = "hyperfoil-0.25.2 (embedded LocalSimulationRunner)";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Names the local services by port so CPU is reported per component. */
    private static final Map<Integer, String> LOCAL_SERVICES = Map.of(
            3001, "product-service", 3002, "cart-service", 3003, "order-service",
            3004, "user-service", 3005, "exam-service");

    /** What to run and how to label it. {@code meshConfig} is recorded verbatim (versions, mTLS, proxy resources). */
    public record Request(Path benchmarkFile, Map<String, String> params, String mesh, Map<String, Object> meshConfig,
                          Map<String, Object> environment, Path gitDir) {
    }

    private LoadRun() {
    }

    /** The result document and the outcome it was made from (whose interval histograms go to the .hlog). */
    public record Executed(Map<String, Object> document, HyperfoilRunner.Outcome outcome) {
    }

    public static Executed execute(Request request) {
        Benchmark benchmark = HyperfoilRunner.parse(request.benchmarkFile(), request.params());
        Map<String, String> effective = new TreeMap<>();
        benchmark.source().paramsWithDefaults.forEach((k, v) -> {
            if (v != null) {
                effective.put(k, v);
            }
        });
        effective.putAll(request.params());

        preflight(benchmark);
        Map<String, List<Long>> servicePids = localServicePids(benchmark);
        Map<String, Duration> cpuBefore = cpuSample(servicePids);
        String loadBefore = Machine.loadAverage();
        HyperfoilRunner.Outcome outcome = HyperfoilRunner.run(benchmark, effective);
        Map<String, Duration> cpuAfter = cpuSample(servicePids);
        return new Executed(document(request, outcome, cpuBefore, cpuAfter, loadBefore), outcome);
    }

    static Map<String, Object> document(Request request, HyperfoilRunner.Outcome outcome,
                                        Map<String, Duration> cpuBefore, Map<String, Duration> cpuAfter,
                                        String loadBefore) {
        HyperfoilRunner.PhaseOutcome steady = outcome.phase(MEASURED_PHASE);
        StatisticsSnapshot total = steady.total();
        Histogram histogram = total.histogram;
        HttpStats http = HttpStats.get(total);
        Http target = HyperfoilRunner.defaultHttp(outcome.benchmark());

        double durationS = steady.definition().duration() / 1000.0;
        double measuredS = Math.max(1, steady.finishMillis() - steady.startMillis()) / 1000.0;
        double requestedSessionsPerS = steady.requestedUsersPerSec();
        long sessions = startedSessions(steady);
        double achievedRps = total.responseCount / measuredS;
        long errors = total.errors() + http.status_4xx + http.status_5xx + http.status_other;

        String start = iso(steady.startMillis());
        String id = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(steady.startMillis()))
                + "-" + outcome.benchmark().name() + "-" + request.mesh()
                + (Double.isNaN(requestedSessionsPerS) ? "-closed" : "-" + (long) requestedSessionsPerS);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "meshdemo.loadtest.run/v1");
        doc.put("id", id);
        doc.put("benchmark", outcome.benchmark().name());
        doc.put("benchmark_file", request.benchmarkFile().getFileName().toString());
        doc.put("mesh", request.mesh());
        doc.put("params", outcome.effectiveParams());

        // Service Mesh Performance: PerformanceTestConfig (client part)
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("internal", true);
        client.put("load_generator", LOAD_GENERATOR);
        client.put("protocol", "http");
        client.put("http_version", "HTTP/1.1");
        client.put("connections", target == null ? null : target.sharedConnections().max());
        client.put("rps", Double.isNaN(requestedSessionsPerS) ? null : requestedSessionsPerS);
        client.put("arrival", steady.openModel() ? "open model, constant rate (uniform spacing)" : "closed model");
        client.put("endpoint_url", endpoints(outcome.benchmark()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("smp_version", "v0.0.1");
        config.put("id", id);
        config.put("name", outcome.benchmark().name());
        config.put("labels", Map.of("mesh", request.mesh(), "benchmark", outcome.benchmark().name()));
        config.put("clients", List.of(client));
        config.put("duration", durationS + "s");
        doc.put("performance_test_config", config);

        // Service Mesh Performance: PerformanceTestResult
        Map<String, Object> latencies = new LinkedHashMap<>();
        latencies.put("min", histogram.getTotalCount() == 0 ? Double.NaN : Histograms.millis(histogram.getMinValue()));
        latencies.put("average", Histograms.millis((long) histogram.getMean()));
        latencies.put("p50", Histograms.percentileMs(histogram, 50));
        latencies.put("p90", Histograms.percentileMs(histogram, 90));
        latencies.put("p99", Histograms.percentileMs(histogram, 99));
        latencies.put("max", Histograms.millis(histogram.getMaxValue()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("smp_version", "v0.0.1");
        result.put("id", id);
        result.put("start_time", start);
        result.put("end_time", iso(steady.finishMillis()));
        result.put("latencies_ms", latencies);
        result.put("actual_QPS", achievedRps);
        doc.put("performance_test_result", result);

        // What SMP leaves out but a baseline needs.
        Map<String, Object> tail = new LinkedHashMap<>();
        tail.put("p99_9", Histograms.percentileMs(histogram, 99.9));
        tail.put("p99_99", Histograms.percentileMs(histogram, 99.99));
        tail.put("stddev", Histograms.millis((long) histogram.getStdDeviation()));
        doc.put("latency_tail_ms", tail);

        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("requested_sessions_per_s", Double.isNaN(requestedSessionsPerS) ? null : requestedSessionsPerS);
        rates.put("started_sessions", sessions);
        rates.put("achieved_sessions_per_s", sessions / measuredS);
        rates.put("requests", total.requestCount);
        rates.put("responses", total.responseCount);
        rates.put("achieved_requests_per_s", achievedRps);
        rates.put("steady_duration_s", durationS);
        rates.put("measured_duration_s", measuredS);
        doc.put("rates", rates);

        Map<String, Object> errorCounts = new LinkedHashMap<>();
        errorCounts.put("total", errors);
        errorCounts.put("connection_errors", total.connectionErrors);
        errorCounts.put("timeouts", total.requestTimeouts);
        errorCounts.put("internal_errors", total.internalErrors);
        errorCounts.put("invalid_responses", total.invalid);
        errorCounts.put("status_2xx", http.status_2xx);
        errorCounts.put("status_3xx", http.status_3xx);
        errorCounts.put("status_4xx", http.status_4xx);
        errorCounts.put("status_5xx", http.status_5xx);
        errorCounts.put("status_other", http.status_other);
        doc.put("errors", errorCounts);

        Map<String, Object> omission = new LinkedHashMap<>();
        omission.put("dropped_requests", steady.droppedSessions());
        omission.put("session_limit_exceeded", steady.sessionLimitExceeded());
        omission.put("max_sessions", steady.maxSessions());
        omission.put("max_sessions_used", steady.maxSessionsUsed());
        omission.put("blocked_on_connection_ms", total.blockedTime / 1_000_000.0);
        omission.put("note", "latency is measured from the scheduled arrival's request start, including any wait for "
                + "a connection; only arrivals held back for lack of a session (session_limit_exceeded) escape that");
        doc.put("coordinated_omission", omission);
        doc.put("valid", validity(steady, sessions, requestedSessionsPerS, durationS, errors));

        Map<String, Object> perMetric = new LinkedHashMap<>();
        steady.metrics().forEach((metric, snapshot) -> perMetric.put(metric, metricSummary(snapshot)));
        doc.put("metrics", perMetric);

        doc.put("cpu", cpuReport(cpuBefore, cpuAfter, outcome));
        doc.put("mesh_config", request.meshConfig());
        Map<String, Object> environment = new LinkedHashMap<>(request.environment());
        environment.put("machine", Machine.machine());
        environment.put("load_average_before", loadBefore);
        environment.put("load_average_after", Machine.loadAverage());
        doc.put("environment", environment);
        doc.put("jvm", Machine.jvm());
        doc.put("git", Machine.git(request.gitDir()));

        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("encoding", "HdrHistogram compressed V2, base64");
        raw.put("unit", "nanoseconds");
        raw.put("significant_digits", 2);
        raw.put("steady", Histograms.encode(histogram));
        Map<String, String> rawPerMetric = new LinkedHashMap<>();
        steady.metrics().forEach((metric, snapshot) -> rawPerMetric.put(metric, Histograms.encode(snapshot.histogram)));
        raw.put("per_metric", rawPerMetric);
        doc.put("histogram", raw);
        return doc;
    }

    /** Open-model runs are trustworthy only if the schedule was kept: no held-back arrivals, rate reached. */
    private static Map<String, Object> validity(HyperfoilRunner.PhaseOutcome steady, long sessions,
                                                double requested, double durationS, long errors) {
        List<String> problems = new ArrayList<>();
        if (steady.sessionLimitExceeded()) {
            problems.add("open model ran out of sessions (raise MAX_SESSIONS): latencies of held-back arrivals "
                    + "are not corrected for coordinated omission");
        }
        if (steady.droppedSessions() > 0) {
            problems.add(steady.droppedSessions() + " arrivals were never started");
        }
        if (!Double.isNaN(requested) && sessions < 0.99 * requested * durationS) {
            problems.add(String.format("started %.1f sessions/s, less than 99 %% of the requested %.1f",
                    sessions / durationS, requested));
        }
        if (errors > 0) {
            problems.add(errors + " errors");
        }
        Map<String, Object> validity = new LinkedHashMap<>();
        validity.put("ok", problems.isEmpty());
        validity.put("problems", problems);
        return validity;
    }

    /** Sessions started in the measured phase: the requests of its first sequence's first metric. */
    static long startedSessions(HyperfoilRunner.PhaseOutcome phase) {
        var scenario = phase.definition().scenario();
        if (scenario.initialSequences().length > 0) {
            StatisticsSnapshot first = phase.metrics().get(scenario.initialSequences()[0].name());
            if (first != null) {
                return first.requestCount;
            }
        }
        return phase.metrics().values().stream().mapToLong(s -> s.requestCount).max().orElse(0);
    }

    private static Map<String, Object> metricSummary(StatisticsSnapshot snapshot) {
        Histogram h = snapshot.histogram;
        HttpStats http = HttpStats.get(snapshot);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("requests", snapshot.requestCount);
        summary.put("responses", snapshot.responseCount);
        summary.put("errors", snapshot.errors() + http.status_4xx + http.status_5xx + http.status_other);
        summary.put("min_ms", h.getTotalCount() == 0 ? Double.NaN : Histograms.millis(h.getMinValue()));
        for (double p : Histograms.PERCENTILES) {
            summary.put("p" + String.valueOf(p).replace(".0", "").replace('.', '_') + "_ms",
                    Histograms.percentileMs(h, p));
        }
        summary.put("max_ms", Histograms.millis(h.getMaxValue()));
        return summary;
    }

    private static Map<String, Object> cpuReport(Map<String, Duration> before, Map<String, Duration> after,
                                                 HyperfoilRunner.Outcome outcome) {
        long requests = outcome.phases().values().stream()
                .flatMap(p -> p.metrics().values().stream()).mapToLong(s -> s.requestCount).sum();
        Map<String, Object> perComponent = new LinkedHashMap<>();
        after.forEach((component, cpu) -> {
            Duration start = before.get(component);
            if (start != null && requests > 0) {
                double cpuMs = cpu.minus(start).toNanos() / 1e6;
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("cpu_ms", cpuMs);
                c.put("cpu_ms_per_1000_requests", cpuMs * 1000 / requests);
                perComponent.put(component, c);
            }
        });
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("scope", "whole run (warm-up and steady), all requests; local processes found by listening port");
        cpu.put("requests", requests);
        cpu.put("components", perComponent);
        return cpu;
    }

    private static Map<String, Duration> cpuSample(Map<String, List<Long>> servicePids) {
        Map<String, Duration> sample = new LinkedHashMap<>();
        sample.put("load-generator", Machine.ownCpu());
        servicePids.forEach((name, pids) -> {
            Duration sum = Duration.ZERO;
            boolean any = false;
            for (long pid : pids) {
                var cpu = Machine.cpuOf(pid);
                if (cpu.isPresent()) {
                    sum = sum.plus(cpu.get());
                    any = true;
                }
            }
            if (any) {
                sample.put(name, sum);
            }
        });
        return sample;
    }

    private static Map<String, List<Long>> localServicePids(Benchmark benchmark) {
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        for (Http http : httpTargets(benchmark)) {
            if (isLocal(http.host())) {
                List<Long> found = new ArrayList<>(Machine.pidsListeningOn(http.port()));
                found.remove(self); // a test server inside this JVM is the load generator's CPU, not a service's
                if (!found.isEmpty()) {
                    pids.put(LOCAL_SERVICES.getOrDefault(http.port(), "port-" + http.port()), found);
                }
            }
        }
        return pids;
    }

    /**
     * Refuses to start when a target does not accept connections: Hyperfoil would otherwise run the whole
     * schedule against nothing and report an empty histogram.
     */
    static void preflight(Benchmark benchmark) {
        for (Http http : httpTargets(benchmark)) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(http.host(), http.port()), 3000);
            } catch (IOException e) {
                throw new IllegalStateException("target " + http.protocol().scheme + "://" + http.host() + ":"
                        + http.port() + " does not accept connections (" + e.getMessage() + "); is it running?");
            }
        }
    }

    private static List<Http> httpTargets(Benchmark benchmark) {
        var plugin = benchmark.plugin(io.hyperfoil.http.config.HttpPluginConfig.class);
        return plugin == null ? List.of() : List.copyOf(plugin.http().values());
    }

    private static List<String> endpoints(Benchmark benchmark) {
        List<String> urls = new ArrayList<>();
        for (Http http : httpTargets(benchmark)) {
            urls.add(http.protocol().scheme + "://" + http.host() + ":" + http.port());
        }
        return urls;
    }

    private static boolean isLocal(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    static String iso(long millis) {
        return millis <= 0 ? null : DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
    }

    /** Writes {@code <id>.json} and {@code <id>.hlog} into the directory; returns the JSON path. */
    public static Path write(Map<String, Object> doc, HyperfoilRunner.Outcome outcome, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(doc.get("id") + ".json");
        JSON.writeValue(json.toFile(), doc);
        if (outcome != null) {
            Histograms.writeLog(dir.resolve(doc.get("id") + ".hlog"), outcome.startMillis(),
                    outcome.phase(MEASURED_PHASE).intervals());
        }
        return json;
    }
}
