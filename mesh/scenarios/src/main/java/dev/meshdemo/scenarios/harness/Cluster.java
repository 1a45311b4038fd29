package dev.meshdemo.scenarios.harness;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The cluster as the scenarios use it, through the fabric8 client (kubeconfig and context as kubectl's): pods,
 * port-forwards, exec, client pods, server-side apply. Everything it creates is labelled
 * {@value #SCENARIO_LABEL_KEY}={@value #SCENARIO_LABEL_VALUE} and registered with the clean-up.
 */
public final class Cluster implements AutoCloseable {
    public static final String SCENARIO_LABEL_KEY = "app.kubernetes.io/part-of";
    public static final String SCENARIO_LABEL_VALUE = "meshdemo-scenarios";
    public static final String FIELD_MANAGER = "meshdemo-scenarios";
    /** Service name -> port (docs/CONFIGURATION.md). */
    public static final Map<String, Integer> SERVICE_PORTS = Map.of("product-service", 3001, "cart-service", 3002,
            "order-service", 3003, "user-service", 3004, "exam-service", 3005);
    public static final List<String> SERVICES = List.of("product-service", "cart-service", "order-service",
            "user-service", "exam-service");

    private final KubernetesClient client;
    private final Settings settings;
    private final Cleanup cleanup;
    private final Map<String, LocalPortForward> forwards = new HashMap<>();
    private final boolean ownsClient;

    private Cluster(KubernetesClient client, Settings settings, Cleanup cleanup, boolean ownsClient) {
        this.client = client;
        this.settings = settings;
        this.cleanup = cleanup;
        this.ownsClient = ownsClient;
    }

    /** Works through a client someone else owns (and closes); no namespace check. */
    public static Cluster connectTo(KubernetesClient client, Settings settings, Cleanup cleanup) {
        Cluster c = new Cluster(client, settings, cleanup, false);
        cleanup.deferQuietly("stop the port-forwards", c::close);
        return c;
    }

    /** Connects and checks that the suite's namespace exists. */
    public static Cluster connect(Settings settings, Cleanup cleanup) {
        return connect(settings, cleanup, null);
    }

    /**
     * As {@link #connect(Settings, Cleanup)} through a named kubeconfig context (null: the current one), for the
     * multi-cluster scenarios, which hold one Cluster per context (east and west).
     */
    public static Cluster connect(Settings settings, Cleanup cleanup, String kubeContext) {
        String where = kubeContext == null ? "the current kubeconfig context" : "kubeconfig context " + kubeContext;
        KubernetesClient client;
        try {
            client = newClient(kubeContext);
            if (client.namespaces().withName(settings.namespace()).get() == null) {
                client.close();
                throw new Precondition("namespace " + settings.namespace() + " not found in " + where
                        + ": deploy the suite first (make " + (kubeContext == null ? "deploy" : "multicluster-deploy")
                        + " MESH=" + settings.mesh().id() + ")");
            }
        } catch (KubernetesClientException e) {
            throw new Precondition("no cluster reachable through " + where + ": " + e.getMessage(), e);
        }
        Cluster c = new Cluster(client, settings, cleanup, true);
        cleanup.deferQuietly("close the cluster connection", c::close);
        return c;
    }

    /** A client for rendering and reachability checks that may find no cluster at all. */
    public static KubernetesClient offlineClient() {
        return newClient();
    }

    /**
     * The kubeconfig's current context, as kubectl uses it; a missing cluster is reported after one quick
     * attempt instead of the client's default of retrying with backoff for half a minute.
     */
    static KubernetesClient newClient() {
        return newClient(null);
    }

    /**
     * The same through a named kubeconfig context (null: the current one). A name the kubeconfig lacks is refused:
     * the client would otherwise fall back to the current context, and two "clusters" could be one.
     */
    static KubernetesClient newClient(String kubeContext) {
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(
                io.fabric8.kubernetes.client.Config.autoConfigure(kubeContext))
                .withRequestRetryBackoffLimit(1).withConnectionTimeout(5_000).build();
        if (kubeContext != null && (config.getCurrentContext() == null || !kubeContext.equals(config.getCurrentContext().getName()))) {
            throw new Precondition("no context '" + kubeContext + "' in the kubeconfig (kubectl config get-contexts -o name)");
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public KubernetesClient client() {
        return client;
    }

    public String namespace() {
        return settings.namespace();
    }

    // ------------------------------------------------------------------------------------------- pods
    public List<Pod> runningPods(Map<String, String> labels) {
        return client.pods().inNamespace(namespace()).withLabels(labels).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    public List<String> runningPodNames(String app) {
        return runningPods(Map.of("app", app)).stream().map(p -> p.getMetadata().getName()).toList();
    }

    public boolean hasProxy(String ns, String pod, Mesh mesh) {
        Pod p = client.pods().inNamespace(ns).withName(pod).get();
        if (p == null) {
            return false;
        }
        List<String> names = Stream.concat(p.getSpec().getContainers().stream(),
                p.getSpec().getInitContainers() == null ? Stream.empty() : p.getSpec().getInitContainers().stream())
                .map(Container::getName).toList();
        boolean redirected = "enabled".equals(p.getMetadata().getAnnotations() == null ? null
                : p.getMetadata().getAnnotations().get(Mesh.AMBIENT_REDIRECTION));
        if (mesh == Mesh.ISTIO_AMBIENT) {
            return redirected && !names.contains("istio-proxy");
        }
        if (mesh.meshed()) {
            return names.contains(mesh.proxyContainer());
        }
        return !names.contains("istio-proxy") && !names.contains("linkerd-proxy") && !redirected;
    }

    // ---------------------------------------------------------------------------------- port-forwards
    /**
     * http://127.0.0.1:PORT forwarded to a pod's port through the API server (not through the pod's proxy, so the
     * admin knob and /q/metrics are reached whatever mTLS and authorization say). Kept until the scenario ends.
     */
    public synchronized String forward(String pod, int port) {
        String key = pod + ":" + port;
        LocalPortForward f = forwards.get(key);
        if (f != null && f.isAlive()) {
            return "http://127.0.0.1:" + f.getLocalPort();
        }
        LocalPortForward created = client.pods().inNamespace(namespace()).withName(pod).portForward(port);
        forwards.put(key, created);
        cleanup.deferQuietly("stop port-forward to " + key, created::close);
        return "http://127.0.0.1:" + created.getLocalPort();
    }

    // ------------------------------------------------------------------------------------------- exec
    public record ExecResult(int exitCode, String stdout, String stderr) {
    }

    public ExecResult exec(String ns, String pod, String container, Duration timeout, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // No stdin: the commands generate their own input (ClientPod), so nothing waits for an end of input.
        try (ExecWatch watch = client.pods().inNamespace(ns).withName(pod).inContainer(container)
                .writingOutput(out).writingError(err).exec(command)) {
            int code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new IllegalStateException("exec in " + ns + "/" + pod + " did not finish in " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("exec in " + ns + "/" + pod + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    // ------------------------------------------------------------------------------------ client pods
    /** Creates the namespace when missing (deleted at the end); the outside one opts out of both meshes' injection. */
    public void ensureNamespace(String ns) {
        if (client.namespaces().withName(ns).get() != null) {
            return;
        }
        boolean outside = ns.equals(settings.outsideNamespace());
        NamespaceBuilder b = new NamespaceBuilder().withNewMetadata().withName(ns)
                .addToLabels(SCENARIO_LABEL_KEY, SCENARIO_LABEL_VALUE).endMetadata();
        if (outside) {
            b.editMetadata().addToLabels("istio-injection", "disabled").addToLabels("istio.io/dataplane-mode", "none")
                    .addToAnnotations("linkerd.io/inject", "disabled").endMetadata();
        }
        client.namespaces().resource(b.build()).create();
        cleanup.defer("delete namespace " + ns, () -> client.namespaces().withName(ns).delete());
    }

    /**
     * A pod with curl (container "client") running as serviceAccount: in the suite's namespace it is meshed
     * (the namespace is injected and the pod asks for it), in the outside namespace it is not. Created once,
     * deleted at the end; a ServiceAccount that already exists (a service's own) is left alone.
     */
    public ClientPod clientPod(String name, String ns, String serviceAccount) {
        ensureNamespace(ns);
        boolean meshed = !ns.equals(settings.outsideNamespace());
        if (client.serviceAccounts().inNamespace(ns).withName(serviceAccount).get() == null) {
            client.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName(serviceAccount).addToLabels(SCENARIO_LABEL_KEY, SCENARIO_LABEL_VALUE).endMetadata()
                    .build()).create();
            cleanup.defer("delete serviceaccount " + ns + "/" + serviceAccount,
                    () -> client.serviceAccounts().inNamespace(ns).withName(serviceAccount).delete());
        }
        if (client.pods().inNamespace(ns).withName(name).get() != null) {
            // A leftover of a run killed before its clean-up: a pod's spec cannot be changed in place.
            client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
            Waits.until("leftover pod " + ns + "/" + name + " gone", Duration.ofSeconds(90),
                    () -> client.pods().inNamespace(ns).withName(name).get() == null);
        }
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels("app", name).addToLabels(SCENARIO_LABEL_KEY, SCENARIO_LABEL_VALUE)
                // Ambient enrolls the pod by its namespace; a sidecar.istio.io/inject: "true" would inject one anyway.
                .addToLabels("sidecar.istio.io/inject", Boolean.toString(meshed && settings.mesh() != Mesh.ISTIO_AMBIENT))
                .addToAnnotations("linkerd.io/inject", meshed ? "enabled" : "disabled").endMetadata()
                .withNewSpec().withServiceAccountName(serviceAccount).withTerminationGracePeriodSeconds(2L)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(100L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("client").withImage(settings.clientImage())
                .withCommand("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait; done")
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("16Mi"))
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endResources()
                .endContainer().endSpec().build();
        client.pods().inNamespace(ns).resource(pod).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        cleanup.defer("delete client pod " + ns + "/" + name,
                () -> client.pods().inNamespace(ns).withName(name).withTimeout(90, TimeUnit.SECONDS).delete());
        boolean ready = Waits.until("client pod " + ns + "/" + name + " ready", Duration.ofSeconds(180), () -> {
            Pod p = client.pods().inNamespace(ns).withName(name).get();
            return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
        if (!ready) {
            throw new Precondition("client pod " + ns + "/" + name + " did not become ready (image "
                    + settings.clientImage() + ")");
        }
        return new ClientPod(this, ns, name);
    }

    // -------------------------------------------------------------------------------------- resources
    /** Server-side apply of objects (their field manager is the harness's; conflicts are taken over). */
    public void apply(List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            String ns = o.getMetadata().getNamespace();
            var r = ns == null ? client.resource(o) : client.resource(o).inNamespace(ns);
            r.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
    }

    public List<HasMetadata> load(String yaml) {
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    /** Applies objects the scenario made up (policies, grants), labelled, and deletes them at the end. */
    public void applyTemporarily(String description, String yaml) {
        List<HasMetadata> objects = load(yaml);
        objects.forEach(o -> {
            o.getMetadata().setLabels(new HashMap<>(Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.of())));
            o.getMetadata().getLabels().put(SCENARIO_LABEL_KEY, SCENARIO_LABEL_VALUE);
            if (o.getMetadata().getNamespace() == null) {
                o.getMetadata().setNamespace(namespace());
            }
        });
        apply(objects);
        cleanup.defer(description, () -> delete(objects));
    }

    public void delete(List<HasMetadata> objects) {
        List<Exception> errors = new ArrayList<>();
        for (HasMetadata o : objects) {
            try {
                String ns = o.getMetadata().getNamespace();
                (ns == null ? client.resource(o) : client.resource(o).inNamespace(ns)).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    errors.add(e);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("could not delete " + errors.size() + " objects: " + errors.get(0).getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------- rollouts
    /** Every Deployment and StatefulSet of the namespace rolled out: updated, ready and available as specified. */
    public boolean rolledOut() {
        for (Deployment d : client.apps().deployments().inNamespace(namespace()).list().getItems()) {
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            var s = d.getStatus();
            if (s == null || !Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())
                    || nz(s.getUpdatedReplicas()) < want || nz(s.getAvailableReplicas()) < want
                    || nz(s.getReplicas()) > want) {
                return false;
            }
        }
        for (StatefulSet st : client.apps().statefulSets().inNamespace(namespace()).list().getItems()) {
            int want = st.getSpec().getReplicas() == null ? 1 : st.getSpec().getReplicas();
            var s = st.getStatus();
            if (s == null || nz(s.getReadyReplicas()) < want || nz(s.getUpdatedReplicas()) < want) {
                return false;
            }
        }
        return true;
    }

    public boolean waitRollouts(Duration timeout) {
        return Waits.until("every Deployment and StatefulSet of " + namespace() + " rolled out", timeout, this::rolledOut);
    }

    // ------------------------------------------------------------------------------------- configmaps
    public String configValue(String configMap, String key) {
        ConfigMap cm = client.configMaps().inNamespace(namespace()).withName(configMap).get();
        return cm == null || cm.getData() == null ? null : cm.getData().get(key);
    }

    public void storeConfigValue(String configMap, String key, String value) {
        if (value == null) {
            client.configMaps().inNamespace(namespace()).withName(configMap).delete();
            return;
        }
        client.configMaps().inNamespace(namespace()).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(configMap).withNamespace(namespace()).endMetadata().addToData(key, value).build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    @Override
    public synchronized void close() {
        forwards.values().forEach(f -> {
            try {
                f.close();
            } catch (java.io.IOException e) {
                // already gone
            }
        });
        forwards.clear();
        if (ownsClient) {
            client.close();
        }
    }
}
