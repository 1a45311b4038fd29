package dev.meshdemo.scenarios.harness;

import dev.meshdemo.common.faults.AdminFaultsResource.FaultUpdate;
import dev.meshdemo.common.faults.FaultSettings;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What a scenario's steps work with: settings, verdicts, clean-up, HTTP from this machine and the cluster. */
public final class ScenarioContext {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Settings settings;
    private final Recorder recorder;
    private final Cleanup cleanup;
    private final HostHttp http = new HostHttp();
    private Cluster cluster;
    private String kubeContext;
    private final java.util.Map<String, Cluster> otherClusters = new java.util.HashMap<>();
    private Features features;
    private volatile String aborted;
    private boolean finished;

    public ScenarioContext(String name, Settings settings, PrintStream out) {
        this.name = name;
        this.settings = settings;
        this.recorder = new Recorder(name, out);
        this.cleanup = new Cleanup((what, e) -> recorder.fail("cleanup", "could not restore: " + what + ": " + e.getMessage()));
        cleanup.deferQuietly("close the HTTP client", http::close);
        cleanup.onInterrupt(() -> recorder.fail("interrupted", "stopped (Ctrl-C or SIGTERM); restoring what it changed"),
                this::writeResults);
    }

    public String name() {
        return name;
    }

    public Settings settings() {
        return settings;
    }

    public Mesh mesh() {
        return settings.mesh();
    }

    public boolean local() {
        return settings.local();
    }

    public Recorder recorder() {
        return recorder;
    }

    public Cleanup cleanup() {
        return cleanup;
    }

    public HostHttp http() {
        return http;
    }

    public synchronized Cluster cluster() {
        if (local()) {
            throw new Precondition("this step needs a cluster");
        }
        if (cluster == null) {
            cluster = Cluster.connect(settings, cleanup, kubeContext);
        }
        return cluster;
    }

    /**
     * The kubeconfig context {@link #cluster()} (and so the clients, knobs and port-forwards) connects to, instead of
     * the current one: the multi-cluster scenarios' home cluster (east). Call it before the first {@link #cluster()}.
     */
    public synchronized void useKubeContext(String context) {
        if (cluster != null) {
            throw new IllegalStateException("already connected; useKubeContext must come first");
        }
        kubeContext = context;
    }

    /** A second cluster, through its kubeconfig context (west, seen from a multi-cluster scenario). */
    public synchronized Cluster clusterIn(String context) {
        if (local()) {
            throw new Precondition("this step needs a cluster");
        }
        return otherClusters.computeIfAbsent(context, c -> Cluster.connect(settings, cleanup, c));
    }

    public synchronized Features features() {
        if (features == null) {
            features = new Features(cluster(), settings, cleanup);
        }
        return features;
    }

    void abort(String reason) {
        recorder.fail("precondition", reason);
        aborted = reason;
    }

    void abortQuietly(String reason) {
        aborted = reason;
    }

    String aborted() {
        return aborted;
    }

    synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        cleanup.close();
        writeResults();
        System.out.printf("%d passed, %d failed%n", recorder.passed(), recorder.failed());
        RunRegistry.add(new RunRegistry.Summary(name, recorder.passed(), recorder.failed(), recorder.elapsedSeconds(),
                recorder.notOffered()));
    }

    private void writeResults() {
        ResultWriter.write(settings.resultsDir(), settings.label(name), name, settings, recorder);
    }

    // ------------------------------------------------------------------------------------------ URLs
    /** A service as the caller reaches it: its local port, or its Service name inside the cluster. */
    public String serviceUrl(String service, String path) {
        int port = Cluster.SERVICE_PORTS.get(service);
        return local() ? "http://" + settings.localHost() + ":" + port + path
                : "http://" + service + "." + settings.namespace() + ":" + port + path;
    }

    /** The public API: the service's local port, or the entry gateway of the cluster. */
    public String apiUrl(String service, String path) {
        return local() ? serviceUrl(service, path) : settings.entryUrl() + path;
    }

    /** Base URLs of every process of app: the local one, or each running pod through a port-forward. */
    public List<String> processes(String app) {
        if (local()) {
            return List.of(serviceUrl(app, ""));
        }
        List<String> urls = new ArrayList<>();
        for (String pod : cluster().runningPodNames(app)) {
            urls.add(cluster().forward(pod, Cluster.SERVICE_PORTS.get(app)));
        }
        if (urls.isEmpty()) {
            throw new Precondition("no running " + app + " pods in " + settings.namespace());
        }
        return urls;
    }

    // ----------------------------------------------------------------------------------- fault knobs
    /** Sets one process's fault knob (PUT /admin/faults) and registers putting back what it was. */
    public void setFaults(String baseUrl, FaultUpdate update) {
        HostHttp.Response before = http.get(baseUrl + "/admin/faults");
        if (!before.ok()) {
            throw new Precondition("cannot read " + baseUrl + "/admin/faults: status " + before.statusText());
        }
        FaultSettings was = before.as(FaultSettings.class);
        FaultUpdate restore = new FaultUpdate(was.errorRate(), was.delayMs(), was.delayRate(), was.paths());
        cleanup.defer("fault knob at " + baseUrl + " back to " + restore, () -> putFaults(baseUrl, restore));
        putFaults(baseUrl, update);
    }

    private void putFaults(String baseUrl, FaultUpdate update) {
        HostHttp.Response r = http.putJson(baseUrl + "/admin/faults", update);
        if (!r.ok()) {
            throw new IllegalStateException("PUT " + baseUrl + "/admin/faults answered " + r.statusText() + ": " + r.body());
        }
    }

    /** Sets the knob on every process of app. */
    public void setFaultsEverywhere(String app, FaultUpdate update) {
        for (String base : processes(app)) {
            setFaults(base, update);
        }
    }

    // -------------------------------------------------------------------------------------- counters
    /** The server side's count of requests (its /q/metrics), summed over every process of app. */
    public long served(String app, String method, String uriRegex) {
        long total = 0;
        for (String base : processes(app)) {
            HostHttp.Response r = http.get(base + "/q/metrics");
            if (!r.ok()) {
                throw new Precondition("cannot read " + base + "/q/metrics: status " + r.statusText());
            }
            total += Metrics.requestCount(r.body(), method, uriRegex);
        }
        return total;
    }

    // --------------------------------------------------------------------------------------- clients
    /** A meshed client pod running as serviceAccount (checked to carry the mesh's proxy). */
    public ClientPod meshedClient(String pod, String serviceAccount) {
        ClientPod c = cluster().clientPod(pod, settings.namespace(), serviceAccount);
        if (mesh().meshed()) {
            recorder.check(pod + ".meshed", cluster().hasProxy(settings.namespace(), pod, mesh()),
                    mesh().enrollment(), "containers and annotations of " + pod);
        }
        return c;
    }

    /** A client pod in the namespace without injection (checked to carry no proxy). */
    public ClientPod unmeshedClient(String pod) {
        ClientPod c = cluster().clientPod(pod, settings.outsideNamespace(), "default");
        recorder.check(pod + ".unmeshed", cluster().hasProxy(settings.outsideNamespace(), pod, Mesh.PLAIN),
                "no mesh proxy", "containers of " + settings.outsideNamespace() + "/" + pod);
        return c;
    }

    // ------------------------------------------------------------------------------------------ misc
    /** A short unique id (user ids, idempotency keys) so repeated runs never collide. */
    public static String newId(String prefix) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return prefix + "-" + Long.toString(System.currentTimeMillis() / 1000, 36) + HexFormat.of().formatHex(b);
    }

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
