package dev.meshdemo.scenarios.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the scenarios run and what they expect, read once from system properties (set by the launcher) or the
 * environment (set by make): the same names as the make variables.
 *
 * @param target       cluster (MESH decides the expectations) or local (the suite of `make run`)
 * @param mesh         the mesh of the cluster; PLAIN for the local suite
 * @param namespace    the suite's namespace (NS, default meshdemo)
 * @param entryUrl     the entry gateway as this machine reaches it (ENTRY_URL, kind: http://localhost:8080)
 * @param localHost    host of the local suite (LOCAL_HOST, default 127.0.0.1)
 * @param repoRoot     the checkout (mesh/ lives there)
 * @param resultsDir   where JUnit XML and JSON go (RESULTS_DIR, default mesh/scenarios/results)
 * @param clientImage  the curl image of the client pods (CLIENT_IMAGE)
 * @param outsideNamespace namespace without injection for the unmeshed client (OUTSIDE_NS)
 * @param registry     image registry prefix (REGISTRY) so feature toggles render the images `make deploy` used
 */
public record Settings(Target target, Mesh mesh, String namespace, String entryUrl, String localHost,
                       Path repoRoot, Path resultsDir, String clientImage, String outsideNamespace,
                       String registry) {

    public enum Target { CLUSTER, LOCAL }

    private static volatile Settings current;

    public static Settings current() {
        Settings s = current;
        if (s == null) {
            s = fromEnvironment(System.getenv());
            current = s;
        }
        return s;
    }

    public static void use(Settings settings) {
        current = settings;
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        Target target = "local".equalsIgnoreCase(value(env, "TARGET", "cluster")) ? Target.LOCAL : Target.CLUSTER;
        Mesh mesh = target == Target.LOCAL ? Mesh.PLAIN : Mesh.parse(value(env, "MESH", ""));
        Path root = repoRoot(value(env, "MESHDEMO_ROOT", ""));
        String results = value(env, "RESULTS_DIR", "");
        return new Settings(target, mesh, value(env, "NS", "meshdemo"),
                stripSlash(value(env, "ENTRY_URL", "http://localhost:8080")), value(env, "LOCAL_HOST", "127.0.0.1"),
                root, results.isEmpty() ? root.resolve("mesh/scenarios/results") : Path.of(results),
                value(env, "CLIENT_IMAGE", "curlimages/curl:8.11.1"),
                value(env, "OUTSIDE_NS", "meshdemo-scenario-outside"), value(env, "REGISTRY", ""));
    }

    public boolean local() {
        return target == Target.LOCAL;
    }

    /** The label of result files: {@code routing-local}, {@code canary-cluster-istio}. */
    public String label(String scenario) {
        return local() ? scenario + "-local" : scenario + "-cluster-" + mesh.id();
    }

    public Settings withTarget(Target t, Mesh m) {
        return new Settings(t, m, namespace, entryUrl, localHost, repoRoot, resultsDir, clientImage,
                outsideNamespace, registry);
    }

    public Settings withResultsDir(Path dir) {
        return new Settings(target, mesh, namespace, entryUrl, localHost, repoRoot, dir, clientImage,
                outsideNamespace, registry);
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = System.getProperty("meshdemo." + name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        if (v == null) {
            v = env.get(name);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The checkout: the given directory, else the first parent of the working directory with mesh/call-graph.yaml. */
    public static Path repoRoot(String given) {
        String prop = System.getProperty("meshdemo.root");
        if (!given.isEmpty()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mesh/call-graph.yaml"))) {
                return p;
            }
        }
        // Started from elsewhere: the checkout the harness was built in (mesh/scenarios/target/...).
        try {
            Path code = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("mesh/call-graph.yaml"))) {
                    return p;
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }
}
