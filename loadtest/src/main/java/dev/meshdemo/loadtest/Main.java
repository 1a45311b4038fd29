package dev.meshdemo.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Command line of the harness.
 *
 * <pre>
 * run     --bench FILE [-P NAME=VALUE]... [--mesh plain] [--mesh-config FILE] [--sweep R1,R2,...]
 *         [--runs N] [--out DIR] [--print] [--finally-post URL] [--cpu-of NAME=PORT]...
 * compare --results DIR [--baseline plain] [--min-runs 5] [--out DIR]
 * report  --results DIR
 * </pre>
 */
public final class Main {

    static final String RESULT_BEGIN = "=== meshdemo-loadtest result begin ===";
    static final String RESULT_END = "=== meshdemo-loadtest result end ===";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("missing command");
        }
        int status;
        try {
            status = dispatch(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        } finally {
            finallyPost(parse(args).getOrDefault("finally-post", List.of()));
        }
        System.exit(status);
    }

    private static int dispatch(String[] args) throws Exception {
        Map<String, List<String>> options = parse(args);
        return switch (args[0]) {
            case "run" -> run(options);
            case "compare" -> Compare.main(options);
            case "report" -> {
                Path dir = Path.of(single(options, "results", null));
                Path html = HtmlReport.write(dir, Results.load(dir), null);
                System.out.println("report: " + html);
                yield 0;
            }
            default -> usage("unknown command " + args[0]);
        };
    }

    private static int run(Map<String, List<String>> options) throws IOException {
        Path bench = Path.of(single(options, "bench", null));
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : options.getOrDefault("P", List.of())) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                usage("-P expects NAME=VALUE, got " + p);
            }
            if (!p.substring(eq + 1).isEmpty()) { // an empty value means "use the benchmark's default"
                params.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        String mesh = single(options, "mesh", "plain");
        Map<String, Object> meshConfig = meshConfig(options, mesh);
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("kind", System.getenv("KUBERNETES_SERVICE_HOST") != null ? "kubernetes" : "local");
        environment.put("kubernetes_version", System.getenv("KUBERNETES_VERSION"));
        List<String> sweep = options.containsKey("sweep") ? List.of(single(options, "sweep", "").split(",")) : List.of("");
        int runs = Integer.parseInt(single(options, "runs", "1"));
        boolean print = options.containsKey("print");
        Path out = Path.of(single(options, "out", "results/" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + stripExtension(bench)));
        Path gitDir = bench.toAbsolutePath().getParent();
        // More local processes whose CPU each run reports, by listening port (make bench: PostgreSQL).
        Map<String, Integer> alsoMeasured = new LinkedHashMap<>();
        for (String named : options.getOrDefault("cpu-of", List.of())) {
            int eq = named.indexOf('=');
            if (eq <= 0 || !named.substring(eq + 1).matches("[0-9]{1,5}")) {
                usage("--cpu-of expects NAME=PORT, got " + named);
            }
            alsoMeasured.put(named.substring(0, eq), Integer.parseInt(named.substring(eq + 1)));
        }

        List<RunDocument> docs = new ArrayList<>();
        boolean allValid = true;
        for (int round = 0; round < runs; round++) {
            for (String rate : sweep) {
                Map<String, String> runParams = new LinkedHashMap<>(params);
                if (!rate.isBlank()) {
                    runParams.put("RATE", rate.trim());
                }
                LoadRun.Executed executed = LoadRun.execute(
                        new LoadRun.Request(bench, runParams, mesh, meshConfig, environment, gitDir, alsoMeasured));
                Path json = LoadRun.write(executed.document(), executed.outcome(), out);
                docs.add(executed.document());
                System.out.println(Results.oneLine(executed.document()) + "  -> " + json);
                allValid &= Results.valid(executed.document());
                if (print) {
                    System.out.println(RESULT_BEGIN);
                    System.out.println(LoadRun.JSON.writeValueAsString(executed.document()));
                    System.out.println(RESULT_END);
                }
            }
        }
        Path html = HtmlReport.write(out, docs, null);
        System.out.println("report: " + html);
        if (!allValid) {
            System.out.println("warning: at least one run is flagged invalid (see \"valid\" in its JSON)");
        }
        return 0;
    }

    /**
     * In a meshed Kubernetes Job the proxy sidecar keeps the pod alive after the harness exits unless it runs as a
     * native sidecar; a POST to its local admin endpoint (Istio 15020/quitquitquit, Linkerd 4191/shutdown)
     * stops it. Best effort: nothing listens there outside a mesh.
     */
    private static void finallyPost(List<String> urls) {
        for (String url : urls) {
            if (url.isBlank()) {
                continue;
            }
            try {
                var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .timeout(java.time.Duration.ofSeconds(2))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
                var response = java.net.http.HttpClient.newHttpClient()
                        .send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
                System.err.println("posted " + url + ": " + response.statusCode());
            } catch (IOException | RuntimeException e) {
                System.err.println("could not post " + url + " (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, Object> meshConfig(Map<String, List<String>> options, String mesh) throws IOException {
        String file = single(options, "mesh-config", "");
        if (file != null && !file.isBlank() && !Files.isRegularFile(Path.of(file))) {
            System.err.println("warning: no mesh configuration at " + file + "; recording only the mesh name");
        } else if (file != null && !file.isBlank()) {
            return LoadRun.JSON.readValue(Files.readString(Path.of(file)), new TypeReference<>() {
            });
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mesh_type", mesh);
        config.put("mtls_enabled", !"plain".equals(mesh) ? null : false);
        config.put("note", "plain: no mesh, no proxies (local run); cluster runs record the mesh through --mesh-config");
        return config;
    }

    private static String stripExtension(Path bench) {
        String name = bench.getFileName().toString();
        return name.replaceFirst("\\.hf\\.ya?ml$", "").replaceFirst("\\.ya?ml$", "");
    }

    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name;
            if (arg.startsWith("--")) {
                name = arg.substring(2);
            } else if (arg.startsWith("-P")) {
                name = "P";
                if (arg.length() > 2) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(arg.substring(2));
                    continue;
                }
            } else {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--") || args[i + 1].startsWith("-P");
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(flag ? "" : args[++i]);
        }
        return options;
    }

    static String single(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        if (values == null || values.isEmpty()) {
            if (fallback == null) {
                usage("--" + name + " is required");
            }
            return fallback;
        }
        return values.get(values.size() - 1);
    }

    private static int usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: run --bench FILE [-P NAME=VALUE]... [--mesh M] [--mesh-config FILE] "
                + "[--sweep R1,R2] [--runs N] [--out DIR] [--print] [--cpu-of NAME=PORT]...");
        System.err.println("       compare --results DIR [--baseline plain] [--min-runs 5] [--out DIR]");
        System.err.println("       report --results DIR");
        System.exit(2);
        return 2;
    }
}
