package dev.meshdemo.scenarios.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One request's outcome: the HTTP status (0 when nothing answered, curl's "000"), the seconds it took, curl's
 * exit code (0 answered; 52 empty reply and 56 reset mean the connection was closed without an HTTP answer; 6
 * DNS, 7 connection refused, 28 timeout) and one response header the check looks at ("" when absent).
 */
public record HttpSample(int status, double seconds, int exitCode, String header) {

    /** The connection was accepted and then closed or reset without an HTTP answer (curl 52 or 56). */
    public boolean resetWithoutAnswer() {
        return status == 0 && (exitCode == 52 || exitCode == 56);
    }

    public boolean answered() {
        return status >= 100;
    }

    public String statusText() {
        return status == 0 ? "000" : Integer.toString(status);
    }

    /** Parses curl's write-out lines "%{http_code} %{time_total} %{exitcode} %header{NAME}". */
    public static List<HttpSample> parseCurl(String output) {
        List<HttpSample> samples = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String[] f = line.trim().split("\\s+", 4);
            if (f.length < 3 || !f[0].matches("\\d{3}")) {
                continue;
            }
            try {
                samples.add(new HttpSample(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[2]),
                        f.length == 4 ? f[3].trim() : ""));
            } catch (NumberFormatException e) {
                // a line curl did not write (an error message on stdout): not a request
            }
        }
        return samples;
    }

    /** A set of samples with the counts the checks read. */
    public record Samples(List<HttpSample> all) {
        public Samples {
            all = List.copyOf(all);
        }

        public int size() {
            return all.size();
        }

        public long count(Predicate<HttpSample> p) {
            return all.stream().filter(p).count();
        }

        public long withStatus(int status) {
            return count(s -> s.status() == status);
        }

        public long ok() {
            return count(s -> s.status() >= 200 && s.status() < 300);
        }

        public long slowerThan(double seconds) {
            return count(s -> s.seconds() >= seconds);
        }

        public long withHeader(String value) {
            return count(s -> value.equals(s.header()));
        }

        public Bands.Share share(Predicate<HttpSample> p) {
            return new Bands.Share(count(p), size());
        }

        /** "200:97 503:3" for the verdict lines. */
        public String statuses() {
            return histogram(HttpSample::statusText);
        }

        public String headers() {
            return histogram(s -> s.header().isEmpty() ? "-" : s.header());
        }

        public String histogram(java.util.function.Function<HttpSample, String> key) {
            Map<String, Integer> h = new TreeMap<>();
            all.forEach(s -> h.merge(key.apply(s), 1, Integer::sum));
            StringBuilder b = new StringBuilder();
            h.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append(':').append(v));
            return b.isEmpty() ? "none" : b.toString();
        }

        public String times() {
            StringBuilder b = new StringBuilder();
            all.forEach(s -> b.append(b.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", s.seconds())));
            return b.toString();
        }
    }
}
