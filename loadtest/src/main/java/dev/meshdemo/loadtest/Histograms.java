package dev.meshdemo.loadtest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

import io.hyperfoil.api.statistics.StatisticsSnapshot;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/** Raw latency histograms: encoding into a result file, merging, percentiles. All values are nanoseconds. */
public final class Histograms {

    /** Percentiles every report carries (the SMP ones plus the tail). */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private Histograms() {
    }

    /** HdrHistogram's own compressed V2 encoding, base64: readable by any HdrHistogram implementation. */
    public static String encode(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a compressed HdrHistogram: " + e.getMessage(), e);
        }
    }

    /** Adds histograms count by count: the only correct way to combine runs (percentiles never average). */
    public static Histogram merge(Collection<? extends AbstractHistogram> histograms) {
        Histogram merged = new Histogram(2);
        merged.setAutoResize(true);
        long start = Long.MAX_VALUE;
        long end = 0;
        for (AbstractHistogram h : histograms) {
            merged.add(h);
            if (h.getStartTimeStamp() > 0) {
                start = Math.min(start, h.getStartTimeStamp());
            }
            end = Math.max(end, h.getEndTimeStamp());
        }
        if (start != Long.MAX_VALUE) {
            merged.setStartTimeStamp(start);
        }
        merged.setEndTimeStamp(end);
        return merged;
    }

    public static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** Latency at a percentile in milliseconds; NaN for an empty histogram. */
    public static double percentileMs(AbstractHistogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : millis(histogram.getValueAtPercentile(percentile));
    }

    /**
     * Writes the interval histograms of one run as an HdrHistogram log (.hlog), one tag per metric, so that
     * HdrHistogram's tools (HistogramLogProcessor, the online plotter) read it directly.
     */
    public static void writeLog(Path file, long runStartMillis,
                                Map<String, TreeMap<Integer, StatisticsSnapshot>> intervalsByMetric) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); PrintStream print = new PrintStream(out, false,
                java.nio.charset.StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(print);
            writer.outputComment("meshdemo loadtest: latency in nanoseconds, one interval per statistics period");
            writer.outputLogFormatVersion();
            writer.setBaseTime(runStartMillis);
            writer.outputBaseTime(runStartMillis);
            writer.outputStartTime(runStartMillis);
            writer.outputLegend();
            intervalsByMetric.forEach((metric, intervals) -> intervals.values().forEach(snapshot -> {
                Histogram copy = snapshot.histogram.copy();
                copy.setTag(metric);
                writer.outputIntervalHistogram(copy);
            }));
        }
    }
}
