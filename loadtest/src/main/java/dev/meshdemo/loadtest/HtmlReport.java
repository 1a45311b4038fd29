package dev.meshdemo.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * The HTML report of a set of runs: a table of runs, the percentile curve per mesh (log axis), latency against
 * offered rate with the knee, CPU per 1000 requests by component, and the comparison when there is one.
 * Plots are inline SVG: the report is one self-contained file.
 */
public final class HtmlReport {

    /** p99 more than this factor above the lowest rate's p99 marks the knee (or the rate no longer being met). */
    static final double KNEE_P99_FACTOR = 2.0;

    private HtmlReport() {
    }

    public static Path write(Path dir, List<RunDocument> docs, Map<String, Object> comparison) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("report.html");
        Files.writeString(file, render(docs, comparison), StandardCharsets.UTF_8);
        return file;
    }

    static String render(List<RunDocument> docs, Map<String, Object> comparison) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>meshdemo load test report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;font-size:12px}")
                .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f3f3f3}td.l{text-align:left}")
                .append(".bad{color:#b00;font-weight:bold}.note{color:#555;font-size:12px}</style></head><body>\n")
                .append("<h1>meshdemo load test report</h1>\n");
        if (docs.isEmpty()) {
            return html.append("<p>No runs.</p></body></html>\n").toString();
        }
        RunDocument first = docs.get(0);
        Map<String, Object> machine = Results.map(first.environment() == null ? Map.of() : first.environment(), "machine");
        html.append("<p class=\"note\">Load generator: ").append(SvgPlot.esc(LoadRun.LOAD_GENERATOR))
                .append(". Machine: ").append(SvgPlot.esc(machine.get("cpu_model") + ", " + machine.get("cores")
                        + " cores, " + machine.get("mem_mb") + " MB, " + machine.get("os")))
                .append(". Git commit: ").append(SvgPlot.esc(String.valueOf(first.git() == null ? null : first.git().get("commit"))))
                .append(". Latency is measured from each arrival's scheduled request start (open model), "
                        + "including any wait for a connection.</p>\n");

        runTable(html, docs);
        Map<String, List<RunDocument>> byBenchmark = new TreeMap<>();
        docs.forEach(d -> byBenchmark.computeIfAbsent(Results.benchmark(d), k -> new ArrayList<>()).add(d));
        byBenchmark.forEach((bench, runs) -> {
            html.append("<h2>").append(SvgPlot.esc(bench)).append("</h2>\n");
            html.append(percentileCurve(bench, runs));
            html.append(rateCurve(bench, runs));
            html.append(cpuBars(bench, runs));
        });
        if (comparison != null) {
            comparisonTable(html, comparison);
            dataPlanes(html, comparison);
        }
        return html.append("</body></html>\n").toString();
    }

    private static void runTable(StringBuilder html, List<RunDocument> docs) {
        html.append("<h2>Runs</h2>\n<table><tr><th>run</th><th>mesh</th><th>requested /s</th><th>achieved req/s</th>")
                .append("<th>conn.</th><th>min</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th>")
                .append("<th>errors</th><th>timeouts</th><th>dropped</th><th>valid</th></tr>\n");
        for (RunDocument d : docs) {
            RunDocument.Latencies lat = d.result().latencies();
            RunDocument.Tail tail = d.tail();
            List<RunDocument.Client> clients = d.config() == null ? List.of() : d.config().clients();
            double requested = Results.requestedRate(d);
            html.append("<tr><td class=\"l\">").append(SvgPlot.esc(d.id())).append("</td><td class=\"l\">")
                    .append(SvgPlot.esc(Results.mesh(d))).append("</td><td>")
                    .append(requested < 0 ? "closed" : SvgPlot.num(requested)).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", Results.achievedRequestRate(d))).append("</td><td>")
                    .append(clients.isEmpty() ? null : clients.get(0).connections()).append("</td>");
            for (double v : new double[] {lat.min(), lat.p50(), lat.p90(), lat.p99()}) {
                html.append("<td>").append(ms(v)).append("</td>");
            }
            html.append("<td>").append(ms(tail.p999())).append("</td><td>")
                    .append(ms(tail.p9999())).append("</td><td>").append(ms(lat.max()))
                    .append("</td><td>").append(Results.errors(d)).append("</td><td>")
                    .append(d.errors().timeouts()).append("</td><td>")
                    .append(Results.dropped(d)).append("</td><td").append(Results.valid(d) ? ">yes" : " class=\"bad\">no")
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<p class=\"note\">Latencies in ms. Invalid runs list their problems under \"valid\" in the JSON.</p>\n");
    }

    /** Latency at each percentile, merged per mesh; x is log(1/(1-p)) so the tail gets the room it needs. */
    static String percentileCurve(String bench, List<RunDocument> runs) {
        Map<String, List<Histogram>> byMesh = new TreeMap<>();
        runs.forEach(d -> byMesh.computeIfAbsent(Results.mesh(d), k -> new ArrayList<>()).add(Results.histogram(d)));
        SvgPlot plot = new SvgPlot(bench + ": latency by percentile (runs merged per mesh)", "percentile",
                "latency (ms, log)", false, true)
                .xTicks(new double[] {0, 1, 2, 3, 4, 5}, x -> x == 0 ? "0 %" : percentLabel(100 * (1 - Math.pow(10, -x))));
        int i = 0;
        for (var e : byMesh.entrySet()) {
            Histogram merged = Histograms.merge(e.getValue());
            if (merged.getTotalCount() == 0) {
                continue;
            }
            List<SvgPlot.Point> points = new ArrayList<>();
            double maxX = Math.min(5, Math.log10(merged.getTotalCount()));
            for (double x = 0; x <= maxX + 1e-9; x += 0.05) {
                double p = 100 * (1 - Math.pow(10, -x));
                points.add(new SvgPlot.Point(x, Histograms.percentileMs(merged, p)));
            }
            plot.add(new SvgPlot.Series(e.getKey() + " (" + e.getValue().size() + " runs)",
                    SvgPlot.COLORS[i++ % SvgPlot.COLORS.length], false, points));
        }
        return plot.isEmpty() ? "" : plot.render();
    }

    /** p50 and p99 against offered rate per mesh (runs at one rate merged), with the knee marked. */
    static String rateCurve(String bench, List<RunDocument> runs) {
        Map<String, TreeMap<Double, List<RunDocument>>> byMesh = new TreeMap<>();
        for (RunDocument d : runs) {
            if (Results.requestedRate(d) > 0) {
                byMesh.computeIfAbsent(Results.mesh(d), k -> new TreeMap<>())
                        .computeIfAbsent(Results.requestedRate(d), k -> new ArrayList<>()).add(d);
            }
        }
        if (byMesh.values().stream().allMatch(m -> m.size() < 2)) {
            return "<p class=\"note\">Latency against offered rate: run a sweep (make loadtest SWEEP=100,200,400,...) "
                    + "to plot it.</p>\n";
        }
        SvgPlot plot = new SvgPlot(bench + ": latency against offered rate", "offered rate (sessions/s)",
                "latency (ms, log)", false, true);
        int i = 0;
        StringBuilder knees = new StringBuilder();
        for (var e : byMesh.entrySet()) {
            List<SvgPlot.Point> p50 = new ArrayList<>();
            List<SvgPlot.Point> p99 = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            List<Double> p99s = new ArrayList<>();
            List<Double> achieved = new ArrayList<>();
            e.getValue().forEach((rate, docs) -> {
                Histogram merged = Histograms.merge(docs.stream().map(Results::histogram).toList());
                p50.add(new SvgPlot.Point(rate, Histograms.percentileMs(merged, 50)));
                p99.add(new SvgPlot.Point(rate, Histograms.percentileMs(merged, 99)));
                rates.add(rate);
                p99s.add(Histograms.percentileMs(merged, 99));
                achieved.add(docs.stream().mapToDouble(Results::achievedSessionRate).average().orElse(Double.NaN));
            });
            String color = SvgPlot.COLORS[i++ % SvgPlot.COLORS.length];
            plot.add(new SvgPlot.Series(e.getKey() + " p50", color, true, p50));
            plot.add(new SvgPlot.Series(e.getKey() + " p99", color, false, p99));
            Double knee = knee(rates, p99s, achieved);
            if (knee != null) {
                plot.marker(new SvgPlot.Marker(knee, 0, "knee " + e.getKey() + " " + SvgPlot.num(knee) + "/s"));
                knees.append(SvgPlot.esc(e.getKey())).append(": ").append(SvgPlot.num(knee)).append("/s. ");
            } else {
                knees.append(SvgPlot.esc(e.getKey())).append(": no knee within the sweep. ");
            }
        }
        return plot.render() + "<p class=\"note\">Knee = highest offered rate before p99 exceeds " + KNEE_P99_FACTOR
                + "&times; its value at the lowest rate or the achieved rate falls below 99 % of the offered one. "
                + knees + "</p>\n";
    }

    /** The knee of a sweep (see {@link #KNEE_P99_FACTOR}); null when every rate was served. */
    static Double knee(List<Double> rates, List<Double> p99s, List<Double> achieved) {
        if (rates.size() < 2) {
            return null;
        }
        double base = p99s.get(0);
        for (int i = 1; i < rates.size(); i++) {
            boolean bent = p99s.get(i) > KNEE_P99_FACTOR * base || achieved.get(i) < 0.99 * rates.get(i);
            if (bent) {
                return rates.get(i - 1);
            }
        }
        return null;
    }

    /** CPU per 1000 requests by component, summed over the runs of each mesh (total CPU / total requests). */
    static String cpuBars(String bench, List<RunDocument> runs) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (RunDocument d : runs) {
            long requests = d.cpu() == null ? 0 : d.cpu().requests();
            Results.cpuComponents(d).forEach((component, c) -> {
                double[] s = sums.computeIfAbsent(Results.mesh(d) + " / " + component, k -> new double[2]);
                s[0] += c.cpuMs();
                s[1] += requests;
            });
        }
        if (sums.isEmpty()) {
            return "";
        }
        List<String> labels = new ArrayList<>(sums.keySet());
        List<Double> values = labels.stream().map(k -> sums.get(k)[0] * 1000 / sums.get(k)[1]).toList();
        return SvgPlot.bars(bench + ": CPU per 1000 requests (mesh / component)", "ms", labels, values)
                + "<p class=\"note\">CPU time of each process over the whole run (warm-up included) divided by all "
                + "requests sent. Components are measured where known: the load generator always, local services "
                + "found by their listening port.</p>\n";
    }

    @SuppressWarnings("unchecked")
    private static void comparisonTable(StringBuilder html, Map<String, Object> comparison) {
        String baseline = String.valueOf(comparison.get("baseline"));
        html.append("<h2>Comparison with ").append(SvgPlot.esc(baseline)).append("</h2>\n");
        for (Object g : (List<Object>) comparison.get("groups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            html.append("<h3>").append(SvgPlot.esc(String.valueOf(group.get("group")))).append("</h3>\n");
            for (Object w : (List<Object>) group.get("warnings")) {
                html.append("<p class=\"bad\">").append(SvgPlot.esc(String.valueOf(w))).append("</p>\n");
            }
            html.append("<table><tr><th>mesh</th><th>runs</th><th>p50 CV</th><th>p99 CV</th><th>merged p50</th><th>merged p99</th><th>merged p99.9</th></tr>\n");
            ((Map<String, Object>) group.get("meshes")).forEach((mesh, m) -> {
                Map<String, Object> mm = (Map<String, Object>) m;
                Map<String, Object> lat = (Map<String, Object>) mm.get("merged_latency_ms");
                Map<String, Object> st = (Map<String, Object>) mm.get("stability");
                html.append("<tr><td class=\"l\">").append(SvgPlot.esc(mesh)).append("</td><td>").append(mm.get("runs"))
                        .append("</td><td>").append(pct(Results.number(st, "p50_cv"))).append("</td><td>")
                        .append(pct(Results.number(st, "p99_cv"))).append("</td><td>").append(ms(Results.number(lat, "p50")))
                        .append("</td><td>").append(ms(Results.number(lat, "p99"))).append("</td><td>")
                        .append(ms(Results.number(lat, "p99_9"))).append("</td></tr>\n");
            });
            html.append("</table>\n");
            Object added = group.get("added_latency_over_" + baseline);
            if (added instanceof Map<?, ?> addedMap && !addedMap.isEmpty()) {
                html.append("<table><tr><th>mesh</th><th>percentile</th><th>added latency</th><th>95 % interval (bootstrap over runs)</th></tr>\n");
                addedMap.forEach((mesh, byP) -> ((Map<String, Object>) byP).forEach((p, d) -> {
                    Map<String, Object> dd = (Map<String, Object>) d;
                    html.append("<tr><td class=\"l\">").append(SvgPlot.esc(String.valueOf(mesh))).append("</td><td class=\"l\">")
                            .append(p).append("</td><td>").append(ms(Results.number(dd, "added_ms"))).append(" ms</td><td>")
                            .append(ms(Results.number(dd, "ci95_low_ms"))).append(" .. ").append(ms(Results.number(dd, "ci95_high_ms")))
                            .append(" ms</td></tr>\n");
                }));
                html.append("</table>\n");
            }
        }
    }

    /**
     * The data planes side by side (when the comparison has per-hop figures): added latency per hop against the
     * offered rate with its 95 % intervals, the proxies' CPU and memory per 1000 requests/s with the variation
     * across rounds, and the published figures with their conditions.
     */
    @SuppressWarnings("unchecked")
    static void dataPlanes(StringBuilder html, Map<String, Object> comparison) {
        String baseline = String.valueOf(comparison.get("baseline"));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Object g : (List<Object>) comparison.get("groups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            Object perHop = group.get("added_latency_per_hop_over_" + baseline);
            if (perHop instanceof Map<?, ?> m && !m.isEmpty()) {
                groups.add(group);
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        html.append("<h2>Data planes compared (baseline ").append(SvgPlot.esc(baseline)).append(")</h2>\n");
        Map<String, Map<String, TreeMap<Double, Map<String, Object>>>> byMetric = new TreeMap<>();
        for (Map<String, Object> group : groups) {
            double rate = rateOf(String.valueOf(group.get("group")));
            ((Map<String, Object>) group.get("added_latency_per_hop_over_" + baseline)).forEach((mesh, metrics) ->
                    ((Map<String, Object>) metrics).forEach((metric, figures) -> byMetric
                            .computeIfAbsent(metric, k -> new TreeMap<>()).computeIfAbsent(mesh, k -> new TreeMap<>())
                            .put(rate, (Map<String, Object>) figures)));
        }
        byMetric.forEach((metric, meshes) -> {
            for (String p : new String[] {"p50", "p99"}) {
                SvgPlot plot = new SvgPlot(metric + ": added latency per hop at " + p + " (95 % interval over runs)",
                        "offered rate (sessions/s)", "ms per hop over " + baseline, false, false);
                int i = 0;
                for (var e : meshes.entrySet()) {
                    String color = SvgPlot.COLORS[i++ % SvgPlot.COLORS.length];
                    List<SvgPlot.Point> points = new ArrayList<>();
                    e.getValue().forEach((rate, figures) -> {
                        Map<String, Object> d = (Map<String, Object>) figures.get(p);
                        points.add(new SvgPlot.Point(rate, Results.number(d, "added_ms")));
                        plot.interval(new SvgPlot.Interval(rate, Results.number(d, "ci95_low_ms"),
                                Results.number(d, "ci95_high_ms"), color));
                    });
                    plot.add(new SvgPlot.Series(e.getKey(), color, false, points));
                }
                html.append(plot.render());
            }
        });

        html.append("<table><tr><th>group</th><th>mesh</th><th>metric</th><th>hops</th><th>p50 added per hop</th>")
                .append("<th>p99 added per hop</th></tr>\n");
        for (Map<String, Object> group : groups) {
            ((Map<String, Object>) group.get("added_latency_per_hop_over_" + baseline)).forEach((mesh, metrics) ->
                    ((Map<String, Object>) metrics).forEach((metric, f) -> {
                        Map<String, Object> figures = (Map<String, Object>) f;
                        html.append("<tr><td class=\"l\">").append(SvgPlot.esc(String.valueOf(group.get("group"))))
                                .append("</td><td class=\"l\">").append(SvgPlot.esc(mesh)).append("</td><td class=\"l\">")
                                .append(SvgPlot.esc(metric)).append("</td><td>").append(figures.get("hops")).append("</td>");
                        for (String p : new String[] {"p50", "p99"}) {
                            Map<String, Object> d = (Map<String, Object>) figures.get(p);
                            html.append("<td>").append(ms(Results.number(d, "added_ms"))).append(" [")
                                    .append(ms(Results.number(d, "ci95_low_ms"))).append(", ")
                                    .append(ms(Results.number(d, "ci95_high_ms"))).append("] ms</td>");
                        }
                        html.append("</tr>\n");
                    }));
        }
        html.append("</table>\n<p class=\"note\">Added latency of the metric's requests over ").append(SvgPlot.esc(baseline))
                .append(" (runs merged per mesh), divided by the mesh hops the request takes in sequence; the interval "
                        + "is a bootstrap over whole runs. Beyond one hop it is the average share of a hop.</p>\n");

        List<String> labels = new ArrayList<>();
        List<Double> cores = new ArrayList<>();
        List<Double> memory = new ArrayList<>();
        StringBuilder table = new StringBuilder("<table><tr><th>group</th><th>mesh</th><th>runs</th>"
                + "<th>proxies' cores per 1000 req/s</th><th>CV over rounds</th><th>proxies' memory (MiB)</th>"
                + "<th>CV over rounds</th><th>by role: cores per 1000 req/s, MiB (containers)</th></tr>\n");
        for (Map<String, Object> group : groups) {
            ((Map<String, Object>) group.get("meshes")).forEach((mesh, m) -> {
                Map<String, Object> dp = (Map<String, Object>) ((Map<String, Object>) m).get("data_plane");
                if (dp == null) {
                    return;
                }
                Map<String, Object> c = (Map<String, Object>) dp.get("cores_per_1000_rps");
                Map<String, Object> mem = (Map<String, Object>) dp.get("memory_mib");
                labels.add(group.get("group") + " / " + mesh);
                cores.add(Results.number(c, "mean"));
                memory.add(Results.number(mem, "mean"));
                table.append("<tr><td class=\"l\">").append(SvgPlot.esc(String.valueOf(group.get("group"))))
                        .append("</td><td class=\"l\">").append(SvgPlot.esc(mesh)).append("</td><td>").append(dp.get("runs"))
                        .append("</td><td>").append(interval(c)).append("</td><td>").append(pct(Results.number(c, "cv")))
                        .append("</td><td>").append(interval(mem)).append("</td><td>").append(pct(Results.number(mem, "cv")))
                        .append("</td><td class=\"l\">");
                ((Map<String, Object>) dp.get("by_role")).forEach((role, r) -> {
                    Map<String, Object> rr = (Map<String, Object>) r;
                    table.append(SvgPlot.esc(role)).append(": ").append(fixed(Results.number(rr, "cores_per_1000_rps_mean")))
                            .append(", ").append(fixed(Results.number(rr, "memory_mib_mean"))).append(" MiB (")
                            .append(rr.get("containers")).append(")<br>");
                });
                table.append("</td></tr>\n");
            });
        }
        table.append("</table>\n");
        if (!labels.isEmpty()) {
            html.append(SvgPlot.bars("Proxies' CPU per 1000 requests/s (mean over runs)", "cores", labels, cores))
                    .append(SvgPlot.bars("Proxies' memory (working set, mean over runs)", "MiB", labels, memory))
                    .append(table)
                    .append("<p class=\"note\">From the kubelet's resource metrics (container_cpu_usage_seconds_total, "
                            + "container_memory_working_set_bytes) of every proxy container the set-up adds (the "
                            + "services' sidecars and the load generator's, or the nodes' ztunnels and the waypoint), "
                            + "inside each run's steady phase; cores per 1000 req/s = cores kept busy over the achieved "
                            + "request rate. Intervals: bootstrap 95 % of the mean over runs.</p>\n");
        }
        publishedTable(html);
    }

    /** The projects' own figures beside these, with their conditions: context, not a target. */
    static void publishedTable(StringBuilder html) {
        html.append("<h3>Published figures</h3>\n<table><tr><th>source</th><th>data plane</th><th>CPU per 1000 req/s</th>")
                .append("<th>memory</th><th>added latency</th><th>rates</th><th>payload / app</th><th>machine</th>")
                .append("<th>versions</th><th>load generator</th></tr>\n");
        for (PublishedFigures.Figure f : PublishedFigures.FIGURES) {
            html.append("<tr><td class=\"l\"><a href=\"").append(SvgPlot.esc(f.url())).append("\">")
                    .append(SvgPlot.esc(f.source())).append("</a></td>");
            for (String v : new String[] {f.dataPlane(), f.cpuPer1000Rps(), f.memory(), f.addedLatency(), f.rates(),
                    f.payload(), f.machine(), f.versions(), f.loadGenerator()}) {
                html.append("<td class=\"l\">").append(SvgPlot.esc(v)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n<p class=\"note\">Measured elsewhere (other apps, payloads, load generators, machines "
                + "and versions); \"not found\" where the cited page gives no such figure. This suite's figures above: "
                + "Quarkus services, GET /products/{id} (one hop) and the shopping flow, the Hyperfoil harness in "
                + "the cluster (open model), Istio 1.30.3, Linkerd edge-26.6.3.</p>\n");
    }

    private static double rateOf(String group) {
        String after = group.substring(group.lastIndexOf(" @ ") + 3);
        try {
            return Double.parseDouble(after.replace("/s", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String interval(Map<String, Object> s) {
        return fixed(Results.number(s, "mean")) + " [" + fixed(Results.number(s, "ci95_low")) + ", "
                + fixed(Results.number(s, "ci95_high")) + "]";
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String percentLabel(double p) {
        return String.format(Locale.ROOT, "%s %%", new java.math.BigDecimal(p).round(new java.math.MathContext(6))
                .stripTrailingZeros().toPlainString());
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", v * 100);
    }
}
