package dev.meshdemo.scenarios.harness;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own request counter: {@code http_server_requests_seconds_count} of a process's /q/metrics
 * (Prometheus text or OpenMetrics, exemplars included), summed over every status for one method and the routes whose uri label matches a
 * regular expression. A regex, because a request the fault knob answers before JAX-RS routes it is labelled
 * with its raw path (/products/1), a routed one with its template (/products/{id}).
 */
public final class Metrics {
    private static final Pattern SAMPLE = Pattern.compile("^http_server_requests_seconds_count\\{(.*)}\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Metrics() {
    }

    public static long requestCount(String prometheusText, String method, String uriRegex) {
        Pattern uri = Pattern.compile(uriRegex);
        double sum = 0;
        for (String line : prometheusText.split("\\R")) {
            // OpenMetrics (what Quarkus serves) may append an exemplar: "... 70.0 # {span_id=..} 1.0 1796112702.591".
            int exemplar = line.indexOf(" # ");
            Matcher m = SAMPLE.matcher(exemplar < 0 ? line : line.substring(0, exemplar));
            if (!m.matches()) {
                continue;
            }
            String lineMethod = null;
            String lineUri = null;
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                if (l.group(1).equals("method")) {
                    lineMethod = l.group(2);
                } else if (l.group(1).equals("uri")) {
                    lineUri = l.group(2);
                }
            }
            if (method.equals(lineMethod) && lineUri != null && uri.matcher(lineUri).matches()) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(sum);
    }
}
