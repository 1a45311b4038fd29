package dev.meshdemo.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (the Debian package) and reads its throughput and p50 from the --latency output. */
final class Wrk {
    record Result(double requestsPerSecond, double p50Ms, String output) {
        @Override
        public String toString() {
            return String.format("%.1f req/s, p50 %.3f ms", requestsPerSecond, p50Ms);
        }
    }

    private Wrk() {
    }

    static Result run(String url, int connections, int seconds) throws Exception {
        Process process = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", url)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher p50 = Pattern.compile("50%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!rps.find() || !p50.find()) {
            throw new IllegalStateException("cannot read wrk output:\n" + out);
        }
        double value = Double.parseDouble(p50.group(1));
        double ms = switch (p50.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        return new Result(Double.parseDouble(rps.group(1)), ms, out);
    }
}
