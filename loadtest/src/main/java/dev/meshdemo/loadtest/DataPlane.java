package dev.meshdemo.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CPU and memory of a data plane's proxies during one run, from the kubelet's resource metrics
 * ({@code GET /api/v1/nodes/NODE/proxy/metrics/resource}: {@code container_cpu_usage_seconds_total}, a counter
 * in CPU seconds, and {@code container_memory_working_set_bytes}, each with the sample's timestamp in ms and
 * labels {@code container}, {@code namespace}, {@code pod}). loadtest/k8s/bench-in-cluster.sh samples every
 * node during each run and keeps only the proxies' lines ({@code istio-proxy}: sidecars, ztunnel, waypoint;
 * {@code linkerd-proxy}) in {@code <run id>.data-plane.prom} beside the run's JSON.
 * <p>
 * Only the samples inside the run's steady phase count (its start and end time in the run document), so the
 * harness's own start and the warm-up stay out: CPU is (last - first counter) / (their time apart) per
 * container, summed by role; memory is each container's highest working set, summed by role.
 */
public final class DataPlane {

    static final String FILE_SUFFIX = ".data-plane.prom";
    /** A series needs two samples this far apart, at least, inside the steady phase. */
    static final double MIN_SPAN_FRACTION = 0.5;

    private static final Pattern SAMPLE = Pattern.compile(
            "^(container_cpu_usage_seconds_total|container_memory_working_set_bytes)\\{([^}]*)}\\s+(\\S+)\\s+(\\d+)\\s*$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DataPlane() {
    }

    /** One container's samples. */
    record Series(String namespace, String pod, String container, TreeMap<Long, Double> cpuSeconds,
                  TreeMap<Long, Double> workingSetBytes) {
    }

    /** A role's share of one run: CPU in cores kept busy, memory in MiB, over how many containers. */
    public record RoleCost(double cores, double memoryMib, int containers) {
    }

    /**
     * One run's data plane: by role, their sum, and the request rate they carried. {@code problems} lists the
     * series that could not be used (one sample, a counter reset, too short a span).
     */
    public record RunCost(String runId, double requestsPerS, Map<String, RoleCost> roles, List<String> problems) {

        public double cores() {
            return roles.values().stream().mapToDouble(RoleCost::cores).sum();
        }

        public double memoryMib() {
            return roles.values().stream().mapToDouble(RoleCost::memoryMib).sum();
        }

        /** Cores per 1000 requests/s: what Istio's and Linkerd's docs quote as vCPU per 1000 rps. */
        public double coresPer1000Rps() {
            return requestsPerS > 0 ? cores() * 1000 / requestsPerS : Double.NaN;
        }

        public double memoryMibPer1000Rps() {
            return requestsPerS > 0 ? memoryMib() * 1000 / requestsPerS : Double.NaN;
        }
    }

    /**
     * What a proxy container is: the node's ztunnel, the namespace's waypoint, the load generator's proxy or a
     * service's sidecar. ztunnel is a DaemonSet (pods ztunnel-*), the waypoint a Deployment named after its
     * Gateway (waypoint-*), both with a container istio-proxy (Istio 1.30.3 manifests/charts/ztunnel and
     * istio-discovery/files/waypoint.yaml).
     */
    static String role(String namespace, String pod, String container) {
        if (pod.startsWith("ztunnel-")) {
            return "ztunnel";
        }
        if (pod.startsWith("waypoint-")) {
            return "waypoint";
        }
        if (namespace.equals("meshdemo-loadtest")) {
            return container + " (load generator)";
        }
        return container + " (services)";
    }

    /** Every run's data plane under a directory, by run id; runs without a sample file are absent. */
    public static Map<String, RunCost> load(Path dir, List<RunDocument> docs) throws IOException {
        Map<String, RunDocument> byId = new LinkedHashMap<>();
        docs.forEach(d -> byId.put(d.id(), d));
        Map<String, RunCost> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> f.getFileName().toString().endsWith(FILE_SUFFIX)).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            RunDocument doc = byId.get(name.substring(0, name.length() - FILE_SUFFIX.length()));
            if (doc != null) {
                out.put(doc.id(), cost(doc, Files.readString(file)));
            }
        }
        return out;
    }

    /** The data plane of one run from its kubelet samples. */
    public static RunCost cost(RunDocument doc, String samples) {
        long start = Instant.parse(doc.result().startTime()).toEpochMilli();
        long end = Instant.parse(doc.result().endTime()).toEpochMilli();
        List<String> problems = new ArrayList<>();
        Map<String, double[]> byRole = new TreeMap<>();
        for (Series s : parse(samples).values()) {
            String name = s.namespace() + "/" + s.pod() + "/" + s.container();
            var cpu = s.cpuSeconds().subMap(start, true, end, true);
            if (cpu.size() < 2) {
                problems.add(name + ": fewer than two CPU samples in the steady phase");
                continue;
            }
            long span = cpu.lastKey() - cpu.firstKey();
            double used = cpu.lastEntry().getValue() - cpu.firstEntry().getValue();
            if (used < 0) {
                problems.add(name + ": CPU counter went backwards (container restarted)");
                continue;
            }
            if (span < MIN_SPAN_FRACTION * (end - start)) {
                problems.add(name + ": CPU samples cover " + span + " ms of a " + (end - start) + " ms steady phase");
                continue;
            }
            var memory = s.workingSetBytes().subMap(start, true, end, true);
            double peak = memory.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            double[] r = byRole.computeIfAbsent(role(s.namespace(), s.pod(), s.container()), k -> new double[3]);
            r[0] += used / (span / 1000.0);
            r[1] += peak / (1024 * 1024);
            r[2] += 1;
        }
        Map<String, RoleCost> roles = new LinkedHashMap<>();
        byRole.forEach((role, r) -> roles.put(role, new RoleCost(r[0], r[1], (int) r[2])));
        return new RunCost(doc.id(), Results.achievedRequestRate(doc), roles, problems);
    }

    /** The kubelet's text format, lines of the two metrics only; comments and other metrics are skipped. */
    static Map<String, Series> parse(String samples) {
        Map<String, Series> series = new LinkedHashMap<>();
        for (String line : samples.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String ns = labels.getOrDefault("namespace", "");
            String pod = labels.getOrDefault("pod", "");
            String container = labels.getOrDefault("container", "");
            Series s = series.computeIfAbsent(ns + "/" + pod + "/" + container,
                    k -> new Series(ns, pod, container, new TreeMap<>(), new TreeMap<>()));
            double value = Double.parseDouble(m.group(3));
            long at = Long.parseLong(m.group(4));
            (m.group(1).startsWith("container_cpu") ? s.cpuSeconds() : s.workingSetBytes()).put(at, value);
        }
        return series;
    }
}
