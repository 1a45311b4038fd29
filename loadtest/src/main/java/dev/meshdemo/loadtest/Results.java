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

import com.fasterxml.jackson.core.type.TypeReference;
import org.HdrHistogram.Histogram;

/** Reads result documents back and answers the questions the report and the comparison ask of them. */
public final class Results {

    private Results() {
    }

    /** Every run document under a directory (recursively), oldest first. */
    public static List<Map<String, Object>> load(Path dir) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Map<String, Object> doc = LoadRun.JSON.readValue(file.toFile(), new TypeReference<>() {
                });
                if ("meshdemo.loadtest.run/v1".equals(doc.get("schema"))) {
                    docs.add(doc);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        docs.sort(Comparator.comparing(Results::startTime));
        return docs;
    }

    public static String mesh(Map<String, Object> doc) {
        return String.valueOf(doc.get("mesh"));
    }

    public static String benchmark(Map<String, Object> doc) {
        return String.valueOf(doc.get("benchmark"));
    }

    public static String startTime(Map<String, Object> doc) {
        return String.valueOf(map(doc, "performance_test_result").get("start_time"));
    }

    /** Requested arrivals per second, or -1 for a closed-model run. */
    public static double requestedRate(Map<String, Object> doc) {
        Object rate = map(doc, "rates").get("requested_sessions_per_s");
        return rate == null ? -1 : ((Number) rate).doubleValue();
    }

    public static double achievedRequestRate(Map<String, Object> doc) {
        return number(map(doc, "rates"), "achieved_requests_per_s");
    }

    public static double achievedSessionRate(Map<String, Object> doc) {
        return number(map(doc, "rates"), "achieved_sessions_per_s");
    }

    public static Histogram histogram(Map<String, Object> doc) {
        return Histograms.decode(String.valueOf(map(doc, "histogram").get("steady")));
    }

    public static boolean valid(Map<String, Object> doc) {
        return Boolean.TRUE.equals(map(doc, "valid").get("ok"));
    }

    public static long errors(Map<String, Object> doc) {
        return (long) number(map(doc, "errors"), "total");
    }

    public static long dropped(Map<String, Object> doc) {
        return (long) number(map(doc, "coordinated_omission"), "dropped_requests");
    }

    /** CPU milliseconds per 1000 requests by component, as far as it was measured. */
    public static Map<String, Object> cpuComponents(Map<String, Object> doc) {
        return map(map(doc, "cpu"), "components");
    }

    public static String oneLine(Map<String, Object> doc) {
        Map<String, Object> lat = map(map(doc, "performance_test_result"), "latencies_ms");
        Map<String, Object> tail = map(doc, "latency_tail_ms");
        double requested = requestedRate(doc);
        return String.format("%s %s: requested %s/s, achieved %.1f req/s (%.1f sessions/s), p50 %.3f ms, "
                        + "p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms, errors %d, dropped %d%s",
                benchmark(doc), mesh(doc), requested < 0 ? "closed-model" : String.format("%.1f", requested),
                achievedRequestRate(doc), achievedSessionRate(doc),
                number(lat, "p50"), number(lat, "p90"), number(lat, "p99"), number(tail, "p99_9"),
                number(lat, "max"), errors(doc), dropped(doc), valid(doc) ? "" : "  [INVALID]");
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
