package dev.meshdemo.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

/** Reads result documents back and answers the questions the report and the comparison ask of them. */
public final class Results {

    private Results() {
    }

    /** Every run document under a directory (recursively), oldest first. */
    public static List<RunDocument> load(Path dir) throws IOException {
        List<RunDocument> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode tree = LoadRun.JSON.readTree(file.toFile());
                if (RunDocument.SCHEMA.equals(tree.path("schema").asText())) {
                    docs.add(LoadRun.JSON.treeToValue(tree, RunDocument.class));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        docs.sort(Comparator.comparing(Results::startTime));
        return docs;
    }

    public static String mesh(RunDocument doc) {
        return doc.mesh();
    }

    public static String benchmark(RunDocument doc) {
        return doc.benchmark();
    }

    public static String startTime(RunDocument doc) {
        return doc.result() == null ? "" : String.valueOf(doc.result().startTime());
    }

    /** Requested arrivals per second, or -1 for a closed-model run. */
    public static double requestedRate(RunDocument doc) {
        Double rate = doc.rates() == null ? null : doc.rates().requestedSessionsPerS();
        return rate == null ? -1 : rate;
    }

    public static double achievedRequestRate(RunDocument doc) {
        return doc.rates() == null ? Double.NaN : doc.rates().achievedRequestsPerS();
    }

    public static double achievedSessionRate(RunDocument doc) {
        return doc.rates() == null ? Double.NaN : doc.rates().achievedSessionsPerS();
    }

    public static Histogram histogram(RunDocument doc) {
        return Histograms.decode(doc.histogram().steady());
    }

    public static boolean valid(RunDocument doc) {
        return doc.valid() != null && doc.valid().ok();
    }

    public static long errors(RunDocument doc) {
        return doc.errors() == null ? 0 : doc.errors().total();
    }

    public static long dropped(RunDocument doc) {
        return doc.coordinatedOmission() == null ? 0 : doc.coordinatedOmission().droppedRequests();
    }

    /** CPU by component, as far as it was measured. */
    public static Map<String, RunDocument.CpuUse> cpuComponents(RunDocument doc) {
        return doc.cpu() == null || doc.cpu().components() == null ? Map.of() : doc.cpu().components();
    }

    public static String oneLine(RunDocument doc) {
        RunDocument.Latencies lat = doc.result().latencies();
        double requested = requestedRate(doc);
        return String.format("%s %s: requested %s/s, achieved %.1f req/s (%.1f sessions/s), p50 %.3f ms, "
                        + "p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms, errors %d, dropped %d%s",
                benchmark(doc), mesh(doc), requested < 0 ? "closed-model" : String.format("%.1f", requested),
                achievedRequestRate(doc), achievedSessionRate(doc),
                lat.p50(), lat.p90(), lat.p99(), doc.tail().p999(),
                lat.max(), errors(doc), dropped(doc), valid(doc) ? "" : "  [INVALID]");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> doc, String key) {
        Object value = doc.get(key);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    static double number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) { // Jackson writes NaN as a string when asked to; read it back
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
