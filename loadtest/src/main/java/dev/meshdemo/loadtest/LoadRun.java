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
import java.util.Set;
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
    /** The Service Mesh Performance spec version the two performance_test_* parts follow. */
    static final String SMP_VERSION = "v0.0.1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final String CPU_SCOPE = "whole run (warm-up, steady and the drain), all requests; local processes found"
            + " by listening port (the suite's services, targeted or called, and --cpu-of), each with its children";

    /** Names the local services by port so CPU is reported per component. */
    private static final Map<Integer, String> LOCAL_SERVICES = Map.of(
            3001, "product-service", 3002, "cart-service", 3003, "order-service",
            3004, "user-service", 3005, "exam-service");

    /**
     * What to run and how to label it. {@code meshConfig} is recorded verbatim (versions, mTLS, proxy resources).
     * {@code alsoMeasured} names more local processes, by listening port, whose CPU the run reports (PostgreSQL).
     */
    public record Request(Path benchmarkFile, Map<String, String> params, String mesh, Map<String, Object> meshConfig,
                          Map<String, Object> environment, Path gitDir, Map<String, Integer> alsoMeasured) {

        public Request(Path benchmarkFile, Map<String, String> params, String mesh, Map<String, Object> meshConfig,
                       Map<String, Object> environment, Path gitDir) {
            this(benchmarkFile, params, mesh, meshConfig, environment, gitDir, Map.of());
        }
    }

    private LoadRun() {
    }

    /** The result document and the outcome it was made from (whose interval histograms go to the .hlog). */
    public record Executed(RunDocument document, HyperfoilRunner.Outcome outcome) {
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
        Map<String, List<Long>> servicePids = localServicePids(benchmark, request.alsoMeasured());
        Map<String, Duration> cpuBefore = cpuSample(servicePids);
        long sampledFrom = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        HyperfoilRunner.Outcome outcome = HyperfoilRunner.run(benchmark, effective);
        Map<String, Duration> cpuAfter = cpuSample(servicePids);
        Duration sampled = Duration.ofNanos(System.nanoTime() - sampledFrom);
        return new Executed(document(request, outcome, cpuBefore, cpuAfter, sampled, loadBefore), outcome);
    }

    static RunDocument document(Request request, HyperfoilRunner.Outcome outcome,
                                Map<String, Duration> cpuBefore, Map<String, Duration> cpuAfter, Duration sampled,
                                String loadBefore) {
        HyperfoilRunner.PhaseOutcome steady = outcome.phase(MEASURED_PHASE);
        StatisticsSnapshot total = steady.total();
        Histogram histogram = total.histogram;
        HttpStats http = HttpStats.get(total);
        Http target = HyperfoilRunner.defaultHttp(outcome.benchmark());

        double durationS = steady.definition().duration() / 1000.0;
        double measuredS = Math.max(1, steady.finishMillis() - steady.startMillis()) / 1000.0;
        double requestedSessionsPerS = steady.requestedUsersPerSec();
        Double requested = Double.isNaN(requestedSessionsPerS) ? null : requestedSessionsPerS;
        long sessions = startedSessions(steady);
        double achievedRps = total.responseCount / measuredS;
        long errors = total.errors() + http.status_4xx + http.status_5xx + http.status_other;

        String name = outcome.benchmark().name();
        String id = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(steady.startMillis()))
                + "-" + name + "-" + request.mesh()
                + (requested == null ? "-closed" : "-" + (long) requestedSessionsPerS);

        var client = new RunDocument.Client(true, LOAD_GENERATOR, "http", "HTTP/1.1",
                target == null ? null : target.sharedConnections().max(), requested,
                steady.openModel() ? "open model, constant rate (uniform spacing)" : "closed model",
                endpoints(outcome.benchmark()));
        var config = new RunDocument.TestConfig(SMP_VERSION, id, name, new RunDocument.Labels(name, request.mesh()),
                List.of(client), durationS + "s");
        var latencies = new RunDocument.Latencies(
                histogram.getTotalCount() == 0 ? Double.NaN : Histograms.millis(histogram.getMinValue()),
                Histograms.millis((long) histogram.getMean()), Histograms.percentileMs(histogram, 50),
                Histograms.percentileMs(histogram, 90), Histograms.percentileMs(histogram, 99),
                Histograms.millis(histogram.getMaxValue()));
        var result = new RunDocument.TestResult(SMP_VERSION, id, iso(steady.startMillis()), iso(steady.finishMillis()),
                latencies, achievedRps);
        var tail = new RunDocument.Tail(Histograms.percentileMs(histogram, 99.9),
                Histograms.percentileMs(histogram, 99.99), Histograms.millis((long) histogram.getStdDeviation()));
        var rates = new RunDocument.Rates(requested, sessions, sessions / measuredS, total.requestCount,
                total.responseCount, achievedRps, durationS, measuredS);
        var errorCounts = new RunDocument.Errors(errors, total.connectionErrors, total.requestTimeouts,
                total.internalErrors, total.invalid, http.status_2xx, http.status_3xx, http.status_4xx,
                http.status_5xx, http.status_other);
        var omission = new RunDocument.Omission(steady.droppedSessions(), steady.sessionLimitExceeded(),
                steady.maxSessions(), steady.maxSessionsUsed(), total.blockedTime / 1_000_000.0,
                "latency is measured from the scheduled arrival's request start, including any wait for "
                        + "a connection; only arrivals held back for lack of a session (session_limit_exceeded) escape that");

        Map<String, RunDocument.MetricSummary> perMetric = new LinkedHashMap<>();
        steady.metrics().forEach((metric, snapshot) -> perMetric.put(metric, metricSummary(snapshot)));

        Map<String, Object> environment = new LinkedHashMap<>(request.environment());
        environment.put("machine", Machine.machine());
        environment.put("load_average_before", loadBefore);
        environment.put("load_average_after", Machine.loadAverage());

        Map<String, String> rawPerMetric = new LinkedHashMap<>();
        steady.metrics().forEach((metric, snapshot) -> rawPerMetric.put(metric, Histograms.encode(snapshot.histogram)));
        var raw = new RunDocument.RawHistograms("HdrHistogram compressed V2, base64", "nanoseconds", 2,
                Histograms.encode(histogram), rawPerMetric);

        return new RunDocument(RunDocument.SCHEMA, id, name, request.benchmarkFile().getFileName().toString(),
                request.mesh(), outcome.effectiveParams(), config, result, tail, rates, errorCounts, omission,
                validity(steady, sessions, requestedSessionsPerS, durationS, errors), perMetric,
                cpuReport(cpuBefore, cpuAfter, sampled, outcome), request.meshConfig(), environment, Machine.jvm(),
                Machine.git(request.gitDir()), raw);
    }

    /** Open-model runs are trustworthy only if the schedule was kept: no held-back arrivals, rate reached. */
    private static RunDocument.Validity validity(HyperfoilRunner.PhaseOutcome steady, long sessions,
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
        return new RunDocument.Validity(problems.isEmpty(), problems);
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

    private static RunDocument.MetricSummary metricSummary(StatisticsSnapshot snapshot) {
        Histogram h = snapshot.histogram;
        HttpStats http = HttpStats.get(snapshot);
        return new RunDocument.MetricSummary(snapshot.requestCount, snapshot.responseCount,
                snapshot.errors() + http.status_4xx + http.status_5xx + http.status_other,
                h.getTotalCount() == 0 ? Double.NaN : Histograms.millis(h.getMinValue()),
                Histograms.percentileMs(h, 50), Histograms.percentileMs(h, 90), Histograms.percentileMs(h, 99),
                Histograms.percentileMs(h, 99.9), Histograms.percentileMs(h, 99.99), Histograms.millis(h.getMaxValue()));
    }

    private static RunDocument.Cpu cpuReport(Map<String, Duration> before, Map<String, Duration> after,
                                             Duration sampled, HyperfoilRunner.Outcome outcome) {
        long requests = outcome.phases().values().stream()
                .flatMap(p -> p.metrics().values().stream()).mapToLong(s -> s.requestCount).sum();
        Map<String, RunDocument.CpuUse> perComponent = new LinkedHashMap<>();
        after.forEach((component, cpu) -> {
            Duration start = before.get(component);
            if (start != null && requests > 0) {
                double cpuMs = cpu.minus(start).toNanos() / 1e6;
                perComponent.put(component, new RunDocument.CpuUse(cpuMs, cpuMs * 1000 / requests));
            }
        });
        return new RunDocument.Cpu(CPU_SCOPE, requests, perComponent, sampled.toMillis());
    }

    private static Map<String, Duration> cpuSample(Map<String, List<Long>> servicePids) {
        Map<String, Duration> sample = new LinkedHashMap<>();
        sample.put("load-generator", Machine.ownCpu());
        servicePids.forEach((name, pids) -> {
            Duration sum = Duration.ZERO;
            boolean any = false;
            for (long pid : pids) {
                var cpu = Machine.cpuWithChildren(pid);
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

    /**
     * The local processes whose CPU the run reports, by name: each local target; when any target is local, every
     * service of the suite that listens here too (product-service is called by cart and order, not by the
     * shopping flow's sessions); and the ports of {@code alsoMeasured}.
     */
    private static Map<String, List<Long>> localServicePids(Benchmark benchmark, Map<String, Integer> alsoMeasured) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Http http : httpTargets(benchmark)) {
            if (isLocal(http.host())) {
                ports.putIfAbsent(LOCAL_SERVICES.getOrDefault(http.port(), "port-" + http.port()), http.port());
            }
        }
        if (!ports.isEmpty()) {
            new TreeMap<>(LOCAL_SERVICES).forEach((port, name) -> ports.putIfAbsent(name, port));
        }
        alsoMeasured.forEach(ports::put); // a name given on the command line wins over the table's port
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        ports.forEach((name, port) -> {
            List<Long> found = new ArrayList<>(Machine.pidsListeningOn(port));
            found.remove(self); // a test server inside this JVM is the load generator's CPU, not a service's
            // A child that kept its parent's listening socket is already counted with the parent.
            Set<Long> listeners = Set.copyOf(found);
            found.removeIf(pid -> ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                    .filter(parent -> listeners.contains(parent.pid())).isPresent());
            if (!found.isEmpty()) {
                pids.put(name, found);
            }
        });
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
    public static Path write(RunDocument doc, HyperfoilRunner.Outcome outcome, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(doc.id() + ".json");
        JSON.writeValue(json.toFile(), doc);
        if (outcome != null) {
            Histograms.writeLog(dir.resolve(doc.id() + ".hlog"), outcome.startMillis(),
                    outcome.phase(MEASURED_PHASE).intervals());
        }
        return json;
    }
}
