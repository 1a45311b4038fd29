package dev.meshdemo.scenarios.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A curl pod in the cluster: requests leave through its mesh proxy (or none, outside the mesh). Requests are
 * generated inside the pod by a POSIX sh loop feeding curl's --config, so nothing long crosses the exec call.
 * Every request asks for {@code Connection: close}, so that plain Kubernetes (which balances connections, not
 * requests) spreads them over the endpoints too.
 */
public final class ClientPod {
    /** Writes one curl config entry per request; the arguments after N and URL are curl's options. */
    static final String LOOP = "n=$1; url=$2; shift 2; i=0; "
            + "while [ \"$i\" -lt \"$n\" ]; do printf 'url = \"%s\"\\noutput = \"/dev/null\"\\n' \"$url\"; i=$((i+1)); done "
            + "| curl \"$@\" --config -";

    private final Cluster cluster;
    private final String namespace;
    private final String name;

    ClientPod(Cluster cluster, String namespace, String name) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    /** n requests (parallel at a time) to url; each sample carries the value of headerName. */
    public HttpSample.Samples requests(int n, int parallel, String headerName, String url, String... curlOptions) {
        List<String> cmd = command(n, parallel, headerName, url, curlOptions);
        Duration timeout = Duration.ofSeconds(60 + (long) Math.ceil(n * 25.0 / Math.max(1, parallel)));
        Cluster.ExecResult r = cluster.exec(namespace, name, "client", timeout, cmd.toArray(String[]::new));
        return new HttpSample.Samples(HttpSample.parseCurl(r.stdout()));
    }

    static List<String> command(int n, int parallel, String headerName, String url, String... curlOptions) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", LOOP, "sh", Integer.toString(n), url,
                "--silent", "--header", "Connection: close", "--max-time", "20",
                "--write-out", "%{http_code} %{time_total} %{exitcode} %header{" + headerName + "}\\n"));
        if (parallel > 1) {
            cmd.addAll(List.of("--parallel", "--parallel-immediate", "--parallel-max", Integer.toString(parallel)));
        }
        cmd.addAll(List.of(curlOptions));
        return cmd;
    }

    /** One answer of {@link #replies}: the request's outcome and the body it returned ("" when none). */
    public record Reply(HttpSample sample, String body) {
    }

    /** Marks the end of one reply's body in {@link #replies}' output (the write-out line that follows it). */
    static final String REPLY_MARK = "@@reply ";
    /** n sequential GETs of url, each printing its body and then a mark line with status, time and exit code. */
    static final String REPLIES_LOOP = "n=$1; url=$2; shift 2; i=0; "
            + "while [ \"$i\" -lt \"$n\" ]; do curl \"$@\" \"$url\"; i=$((i+1)); done";

    /**
     * n requests to url, one after the other, keeping each body (a /whoami answer names the pod that served it):
     * one exec, a POSIX sh loop of curl calls inside the pod.
     */
    public List<Reply> replies(int n, String url, String... curlOptions) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", REPLIES_LOOP, "sh", Integer.toString(n), url,
                "--silent", "--header", "Connection: close", "--max-time", "10",
                "--write-out", "\\n" + REPLY_MARK + "%{http_code} %{time_total} %{exitcode} %header{x-service}\\n"));
        cmd.addAll(List.of(curlOptions));
        Duration timeout = Duration.ofSeconds(60 + 12L * n);
        return parseReplies(cluster.exec(namespace, name, "client", timeout, cmd.toArray(String[]::new)).stdout());
    }

    /** The replies in {@link #replies}' output: each mark line closes the body written before it. */
    public static List<Reply> parseReplies(String output) {
        List<Reply> replies = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : output.split("\\R", -1)) {
            int mark = line.indexOf(REPLY_MARK);
            if (mark < 0) {
                body.append(body.isEmpty() ? "" : "\n").append(line);
                continue;
            }
            body.append(body.isEmpty() ? "" : "\n").append(line, 0, mark);
            List<HttpSample> s = HttpSample.parseCurl(line.substring(mark + REPLY_MARK.length()));
            replies.add(new Reply(s.isEmpty() ? new HttpSample(0, 0, -1, "") : s.get(0), body.toString().strip()));
            body.setLength(0);
        }
        return replies;
    }

    /** One request with a body (curl -X METHOD --data BODY), returning status and response body. */
    public Cluster.ExecResult call(String method, String url, String jsonBody, String... headers) {
        List<String> cmd = new ArrayList<>(List.of("curl", "--silent", "--max-time", "20", "-X", method,
                "--write-out", "\\n%{http_code} %{time_total} %{exitcode} %header{x-service}\\n"));
        for (String h : headers) {
            cmd.addAll(List.of("--header", h));
        }
        if (jsonBody != null) {
            cmd.addAll(List.of("--header", "Content-Type: application/json", "--data", jsonBody));
        }
        cmd.add(url);
        return cluster.exec(namespace, name, "client", Duration.ofSeconds(40), cmd.toArray(String[]::new));
    }

    /** The status line of {@link #call}: the last line of its output. */
    public static HttpSample lastSample(Cluster.ExecResult r) {
        List<HttpSample> s = HttpSample.parseCurl(r.stdout().substring(Math.max(0, r.stdout().lastIndexOf('\n', r.stdout().length() - 2))));
        return s.isEmpty() ? new HttpSample(0, 0, r.exitCode(), "") : s.get(s.size() - 1);
    }

    /** The body of {@link #call}: everything before its status line. */
    public static String body(Cluster.ExecResult r) {
        String out = r.stdout();
        int cut = out.lastIndexOf('\n', out.length() - 2);
        return cut < 0 ? "" : out.substring(0, cut);
    }
}
