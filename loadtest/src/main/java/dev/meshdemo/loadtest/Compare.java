package dev.meshdemo.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * Compares runs of the same benchmark at the same offered rate across meshes.
 * <ul>
 * <li>Runs of one mesh are combined by adding their histograms; percentiles are never averaged.</li>
 * <li>The added latency of a mesh is its merged percentile minus the baseline's; its 95 % interval comes from a
 * bootstrap over runs (each resample draws whole runs with replacement on both sides and merges them), so the
 * interval reflects run-to-run variation, the dominant noise on shared machines.</li>
 * <li>A baseline whose per-run p50 or p99 has a coefficient of variation above 10 % is flagged unstable: its
 * differences are not to be trusted, whatever the interval says.</li>
 * <li>Runs must be interleaved (plain, istio, linkerd, plain, ...) so that drift of the environment hits every
 * mesh alike; the comparison says whether they were.</li>
 * <li>Per hop: each metric's added latency over the baseline divided by the mesh hops its request takes in
 * sequence ({@link #HOPS}); a percentile of a chain is not the sum of its hops' percentiles, so beyond one hop
 * this is the average share of a hop, not a hop's own percentile.</li>
 * <li>Data plane: where the runs have kubelet samples ({@link DataPlane}), the proxies' cores and memory per
 * 1000 requests/s per run, their mean with a bootstrap 95 % interval over runs and their coefficient of
 * variation across rounds.</li>
 * </ul>
 */
public final class Compare {

    public static final double[] COMPARED_PERCENTILES = {50, 90, 99, 99.9};
    static final double UNSTABLE_CV = 0.10;
    /**
     * Mesh hops each benchmark metric's request takes in sequence: the one from the load generator, then the
     * calls the service makes for it (docs/CONFIGURATION.md, "Exact calls made"). addToCart: cart-service reads
     * the product. placeOrder: order-service reads the user, the cart and the product, then empties the cart.
     */
    static final Map<String, Integer> HOPS = Map.of("getProduct", 1, "createUser", 1, "addToCart", 2, "placeOrder", 5);

    private Compare() {
    }

    static int main(Map<String, List<String>> options) throws IOException {
        Path dir = Path.of(Main.single(options, "results", null));
        String baseline = Main.single(options, "baseline", "plain");
        int minRuns = Integer.parseInt(Main.single(options, "min-runs", "5"));
        Path out = Path.of(Main.single(options, "out", dir.toString()));
        List<RunDocument> docs = Results.load(dir);
        if (docs.isEmpty()) {
            System.err.println("error: no run results under " + dir);
            return 1;
        }
        Map<String, Object> comparison = compare(docs, DataPlane.load(dir, docs), baseline, minRuns, 2000, 42);
        java.nio.file.Files.createDirectories(out);
        Path json = out.resolve("comparison.json");
        LoadRun.JSON.writeValue(json.toFile(), comparison);
        print(comparison);
        Path html = HtmlReport.write(out, docs, comparison);
        System.out.println("comparison: " + json);
        System.out.println("report: " + html);
        return 0;
    }

    /** One comparison per (benchmark, offered rate) group. */
    public static Map<String, Object> compare(List<RunDocument> docs, String baseline, int minRuns,
                                              int bootstrapResamples, long seed) {
        return compare(docs, Map.of(), baseline, minRuns, bootstrapResamples, seed);
    }

    /** As above, with each run's data plane (by run id) where it was sampled. */
    public static Map<String, Object> compare(List<RunDocument> docs, Map<String, DataPlane.RunCost> costs,
                                              String baseline, int minRuns, int bootstrapResamples, long seed) {
        Map<String, Map<String, List<RunDocument>>> groups = new TreeMap<>();
        for (RunDocument doc : docs) {
            String key = Results.benchmark(doc) + " @ " + rateLabel(Results.requestedRate(doc));
            groups.computeIfAbsent(key, k -> new TreeMap<>())
                    .computeIfAbsent(Results.mesh(doc), k -> new ArrayList<>()).add(doc);
        }
        List<Object> out = new ArrayList<>();
        for (var group : groups.entrySet()) {
            out.add(compareGroup(group.getKey(), group.getValue(), costs, baseline, minRuns, bootstrapResamples, seed));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("schema", "meshdemo.loadtest.comparison/v1");
        result.put("baseline", baseline);
        result.put("min_runs_per_mesh", minRuns);
        result.put("bootstrap_resamples", bootstrapResamples);
        result.put("unstable_threshold_cv", UNSTABLE_CV);
        result.put("groups", out);
        return result;
    }

    private static Map<String, Object> compareGroup(String name, Map<String, List<RunDocument>> byMesh,
                                                    Map<String, DataPlane.RunCost> costs,
                                                    String baseline, int minRuns, int resamples, long seed) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("group", name);
        List<String> warnings = new ArrayList<>();
        Map<String, Object> meshes = new LinkedHashMap<>();
        Map<String, List<Histogram>> histograms = new LinkedHashMap<>();
        byMesh.forEach((mesh, runs) -> {
            List<Histogram> hs = runs.stream().map(Results::histogram).toList();
            histograms.put(mesh, hs);
            Histogram merged = Histograms.merge(hs);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runs", runs.size());
            m.put("run_ids", runs.stream().map(RunDocument::id).toList());
            m.put("invalid_runs", runs.stream().filter(d -> !Results.valid(d)).count());
            m.put("requests", merged.getTotalCount());
            m.put("merged_latency_ms", percentiles(merged));
            m.put("per_run_p50_ms", runs.stream().map(d -> Histograms.percentileMs(Results.histogram(d), 50)).toList());
            m.put("per_run_p99_ms", runs.stream().map(d -> Histograms.percentileMs(Results.histogram(d), 99)).toList());
            m.put("achieved_rps_mean", runs.stream().mapToDouble(Results::achievedRequestRate).average().orElse(Double.NaN));
            m.put("stability", stability(hs));
            List<DataPlane.RunCost> runCosts = runs.stream().map(d -> costs.get(d.id())).filter(c -> c != null).toList();
            if (!runCosts.isEmpty()) {
                m.put("data_plane", dataPlane(runCosts, resamples, seed));
                if (runCosts.size() < runs.size()) {
                    warnings.add(mesh + ": data plane sampled in " + runCosts.size() + " of " + runs.size() + " runs");
                }
            }
            meshes.put(mesh, m);
            if (runs.size() < minRuns) {
                warnings.add(mesh + ": " + runs.size() + " runs, fewer than " + minRuns);
            }
        });
        group.put("meshes", meshes);

        boolean interleaved = interleaved(byMesh);
        group.put("interleaved", interleaved);
        if (!interleaved && byMesh.size() > 1) {
            warnings.add("runs of different meshes were not interleaved: environment drift may bias the comparison");
        }
        List<Histogram> base = histograms.get(baseline);
        if (base == null) {
            warnings.add("no baseline '" + baseline + "' runs: added latency cannot be computed");
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> stability = (Map<String, Object>) ((Map<String, Object>) meshes.get(baseline)).get("stability");
            group.put("baseline_unstable", stability.get("unstable"));
            if (Boolean.TRUE.equals(stability.get("unstable"))) {
                warnings.add("UNSTABLE ENVIRONMENT: baseline runs vary more than " + (int) (UNSTABLE_CV * 100)
                        + " % (coefficient of variation of p50 " + fmt((double) stability.get("p50_cv"))
                        + ", of p99 " + fmt((double) stability.get("p99_cv")) + ")");
            }
            Map<String, Object> added = new LinkedHashMap<>();
            for (var entry : histograms.entrySet()) {
                if (!entry.getKey().equals(baseline)) {
                    added.put(entry.getKey(), addedLatency(base, entry.getValue(), resamples, seed));
                }
            }
            group.put("added_latency_over_" + baseline, added);
            group.put("added_latency_per_hop_over_" + baseline, perHop(byMesh, baseline, resamples, seed));
        }
        group.put("warnings", warnings);
        return group;
    }

    /** Percentile differences (mesh minus baseline, ms) with bootstrap 95 % intervals over runs. */
    static Map<String, Object> addedLatency(List<Histogram> baseline, List<Histogram> mesh, int resamples, long seed) {
        Histogram baseMerged = Histograms.merge(baseline);
        Histogram meshMerged = Histograms.merge(mesh);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] diffs = new double[COMPARED_PERCENTILES.length][resamples];
        for (int r = 0; r < resamples; r++) {
            Histogram b = resample(baseline, random);
            Histogram m = resample(mesh, random);
            for (int i = 0; i < COMPARED_PERCENTILES.length; i++) {
                diffs[i][r] = Histograms.percentileMs(m, COMPARED_PERCENTILES[i])
                        - Histograms.percentileMs(b, COMPARED_PERCENTILES[i]);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < COMPARED_PERCENTILES.length; i++) {
            double p = COMPARED_PERCENTILES[i];
            Arrays.sort(diffs[i]);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("added_ms", Histograms.percentileMs(meshMerged, p) - Histograms.percentileMs(baseMerged, p));
            d.put("ci95_low_ms", quantile(diffs[i], 0.025));
            d.put("ci95_high_ms", quantile(diffs[i], 0.975));
            out.put(percentileKey(p), d);
        }
        return out;
    }

    /** Each metric with a known hop count: its added latency and interval divided by its hops. */
    static Map<String, Object> perHop(Map<String, List<RunDocument>> byMesh, String baseline, int resamples, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<RunDocument> base = byMesh.get(baseline);
        byMesh.forEach((mesh, runs) -> {
            if (mesh.equals(baseline)) {
                return;
            }
            Map<String, Object> byMetric = new LinkedHashMap<>();
            for (var hop : new TreeMap<>(HOPS).entrySet()) {
                List<Histogram> b = metricHistograms(base, hop.getKey());
                List<Histogram> m = metricHistograms(runs, hop.getKey());
                if (b.isEmpty() || m.isEmpty()) {
                    continue;
                }
                Map<String, Object> metric = new LinkedHashMap<>();
                metric.put("hops", hop.getValue());
                addedLatency(b, m, resamples, seed).forEach((p, d) -> {
                    Map<String, Object> divided = new LinkedHashMap<>();
                    ((Map<?, ?>) d).forEach((k, v) -> divided.put(String.valueOf(k), ((Number) v).doubleValue() / hop.getValue()));
                    metric.put(p, divided);
                });
                byMetric.put(hop.getKey(), metric);
            }
            out.put(mesh, byMetric);
        });
        return out;
    }

    /** The metric's histogram of every run that has it (all runs of one benchmark do). */
    private static List<Histogram> metricHistograms(List<RunDocument> runs, String metric) {
        List<Histogram> out = new ArrayList<>();
        for (RunDocument d : runs) {
            Map<String, String> perMetric = d.histogram() == null ? null : d.histogram().perMetric();
            if (perMetric != null && perMetric.containsKey(metric)) {
                out.add(Histograms.decode(perMetric.get(metric)));
            }
        }
        return out.size() == runs.size() ? out : List.of();
    }

    /**
     * The proxies' cost over the runs of one mesh: per run, the cores and MiB per 1000 requests/s; their mean,
     * a bootstrap 95 % interval of the mean (runs drawn with replacement) and the coefficient of variation
     * across rounds; and the mean by role.
     */
    static Map<String, Object> dataPlane(List<DataPlane.RunCost> runs, int resamples, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", runs.size());
        out.put("cores_per_1000_rps", summary(runs.stream().mapToDouble(DataPlane.RunCost::coresPer1000Rps).toArray(),
                resamples, seed));
        out.put("memory_mib", summary(runs.stream().mapToDouble(DataPlane.RunCost::memoryMib).toArray(), resamples, seed));
        out.put("memory_mib_per_1000_rps", summary(runs.stream().mapToDouble(DataPlane.RunCost::memoryMibPer1000Rps)
                .toArray(), resamples, seed));
        Map<String, Object> roles = new TreeMap<>();
        runs.stream().flatMap(r -> r.roles().keySet().stream()).distinct().forEach(role -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("containers", runs.stream().mapToInt(c -> c.roles().getOrDefault(role, new DataPlane.RoleCost(0, 0, 0))
                    .containers()).max().orElse(0));
            r.put("cores_per_1000_rps_mean", runs.stream().mapToDouble(c -> c.requestsPerS() > 0
                    ? c.roles().getOrDefault(role, new DataPlane.RoleCost(0, 0, 0)).cores() * 1000 / c.requestsPerS()
                    : Double.NaN).average().orElse(Double.NaN));
            r.put("memory_mib_mean", runs.stream().mapToDouble(c -> c.roles().getOrDefault(role,
                    new DataPlane.RoleCost(0, 0, 0)).memoryMib()).average().orElse(Double.NaN));
            roles.put(role, r);
        });
        out.put("by_role", roles);
        List<String> problems = runs.stream().flatMap(r -> r.problems().stream().map(p -> r.runId() + ": " + p)).toList();
        out.put("problems", problems);
        return out;
    }

    /** Per-run values, their mean, the bootstrap 95 % interval of the mean and the coefficient of variation. */
    static Map<String, Object> summary(double[] perRun, int resamples, long seed) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("per_run", Arrays.stream(perRun).boxed().toList());
        double mean = Arrays.stream(perRun).average().orElse(Double.NaN);
        s.put("mean", mean);
        double[] means = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < perRun.length; i++) {
                sum += perRun[random.nextInt(perRun.length)];
            }
            means[r] = sum / perRun.length;
        }
        Arrays.sort(means);
        s.put("ci95_low", perRun.length == 0 ? Double.NaN : quantile(means, 0.025));
        s.put("ci95_high", perRun.length == 0 ? Double.NaN : quantile(means, 0.975));
        s.put("cv", cv(perRun));
        return s;
    }

    private static Histogram resample(List<Histogram> runs, SplittableRandom random) {
        List<Histogram> pick = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            pick.add(runs.get(random.nextInt(runs.size())));
        }
        return Histograms.merge(pick);
    }

    /** Coefficient of variation of per-run p50 and p99; above 10 % the environment is called unstable. */
    static Map<String, Object> stability(List<Histogram> runs) {
        double p50 = cv(runs.stream().mapToDouble(h -> Histograms.percentileMs(h, 50)).toArray());
        double p99 = cv(runs.stream().mapToDouble(h -> Histograms.percentileMs(h, 99)).toArray());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("p50_cv", p50);
        s.put("p99_cv", p99);
        s.put("unstable", runs.size() > 1 && (p50 > UNSTABLE_CV || p99 > UNSTABLE_CV));
        return s;
    }

    /**
     * Runs are interleaved when, in start-time order, every mesh's consecutive runs have a run of every other
     * mesh between them (plain, istio, linkerd, plain, istio, linkerd, ...).
     */
    static boolean interleaved(Map<String, List<RunDocument>> byMesh) {
        if (byMesh.size() < 2) {
            return true;
        }
        List<RunDocument> all = new ArrayList<>();
        byMesh.values().forEach(all::addAll);
        all.sort(java.util.Comparator.comparing(Results::startTime));
        Map<String, Integer> lastIndex = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            String mesh = Results.mesh(all.get(i));
            Integer last = lastIndex.get(mesh);
            if (last != null) {
                java.util.Set<String> between = new java.util.HashSet<>();
                for (int j = last + 1; j < i; j++) {
                    between.add(Results.mesh(all.get(j)));
                }
                if (between.size() < byMesh.size() - 1) {
                    return false;
                }
            }
            lastIndex.put(mesh, i);
        }
        return true;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("min", h.getTotalCount() == 0 ? Double.NaN : Histograms.millis(h.getMinValue()));
        for (double q : Histograms.PERCENTILES) {
            p.put(percentileKey(q), Histograms.percentileMs(h, q));
        }
        p.put("max", Histograms.millis(h.getMaxValue()));
        return p;
    }

    static String percentileKey(double p) {
        return "p" + (p == Math.floor(p) ? String.valueOf((long) p) : String.valueOf(p).replace('.', '_'));
    }

    private static double cv(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = Arrays.stream(values).average().orElse(0);
        double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
        return mean == 0 ? 0 : Math.sqrt(var) / mean;
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static String rateLabel(double rate) {
        return rate < 0 ? "closed model" : (rate == Math.floor(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + "/s";
    }

    private static String fmt(double v) {
        return String.format("%.1f %%", v * 100);
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> comparison) {
        for (Object g : (List<Object>) comparison.get("groups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            System.out.println("== " + group.get("group") + (Boolean.TRUE.equals(group.get("interleaved")) ? "" : " (not interleaved)"));
            ((Map<String, Object>) group.get("meshes")).forEach((mesh, m) -> {
                Map<String, Object> mm = (Map<String, Object>) m;
                Map<String, Object> lat = (Map<String, Object>) mm.get("merged_latency_ms");
                System.out.printf("   %-10s runs %-3s merged p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms%n", mesh,
                        mm.get("runs"), Results.number(lat, "p50"), Results.number(lat, "p99"), Results.number(lat, "p99_9"));
                if (mm.get("data_plane") instanceof Map<?, ?> dp) {
                    Map<String, Object> cores = (Map<String, Object>) dp.get("cores_per_1000_rps");
                    Map<String, Object> memory = (Map<String, Object>) dp.get("memory_mib");
                    System.out.printf("   %-10s proxies %.3f cores per 1000 req/s (95 %% CI %.3f .. %.3f, CV %.1f %%), %.1f MiB%n",
                            mesh, Results.number(cores, "mean"), Results.number(cores, "ci95_low"),
                            Results.number(cores, "ci95_high"), 100 * Results.number(cores, "cv"), Results.number(memory, "mean"));
                }
            });
            Object added = group.get("added_latency_over_" + comparison.get("baseline"));
            if (added instanceof Map<?, ?> addedMap) {
                addedMap.forEach((mesh, byP) -> ((Map<String, Object>) byP).forEach((p, d) -> {
                    Map<String, Object> dd = (Map<String, Object>) d;
                    System.out.printf("   %-10s %s added %+.3f ms (95 %% CI %+.3f .. %+.3f)%n", mesh, p,
                            Results.number(dd, "added_ms"), Results.number(dd, "ci95_low_ms"), Results.number(dd, "ci95_high_ms"));
                }));
            }
            Object perHop = group.get("added_latency_per_hop_over_" + comparison.get("baseline"));
            if (perHop instanceof Map<?, ?> perHopMap) {
                perHopMap.forEach((mesh, byMetric) -> ((Map<String, Object>) byMetric).forEach((metric, f) -> {
                    Map<String, Object> p99 = (Map<String, Object>) ((Map<String, Object>) f).get("p99");
                    System.out.printf("   %-10s %s per hop (%s): p99 %+.3f ms (95 %% CI %+.3f .. %+.3f)%n", mesh, metric,
                            ((Map<String, Object>) f).get("hops"), Results.number(p99, "added_ms"),
                            Results.number(p99, "ci95_low_ms"), Results.number(p99, "ci95_high_ms"));
                }));
            }
            for (Object w : (List<Object>) group.get("warnings")) {
                System.out.println("   warning: " + w);
            }
        }
    }
}
