package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.common.faults.AdminFaultsResource.FaultUpdate;
import dev.meshdemo.scenarios.Scenarios;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.Features;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Settings;
import dev.meshdemo.scenarios.harness.Waits;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The workshop's resets: the cluster brought to the start of phase N (mesh/workshop/README.md).
 * <ol>
 *   <li>nothing of the suite deployed (the namespace deleted); with no cluster at all there is nothing to do;</li>
 *   <li>the suite without a mesh (deleted, then the plain overlay applied); needs no MESH;</li>
 *   <li value="3">3..6: the suite on MESH as the previous phase left it ({@link Scenarios#START_STEP}: the step
 *       of mesh/workshop/MESH, objects of later steps deleted): no feature component on, no fault knob set, no
 *       scenario leftovers. When the namespace is not on MESH yet (phase 2 skipped) the suite is deleted first: a
 *       Deployment's selector cannot change in place and running pods are injected only at start.</li>
 * </ol>
 */
public final class PhaseReset {
    static final List<String> SCENARIO_KINDS = List.of("security.istio.io/v1:AuthorizationPolicy",
            "security.istio.io/v1:PeerAuthentication", "policy.linkerd.io/v1beta3:HTTPRoute",
            "policy.linkerd.io/v1alpha1:AuthorizationPolicy", "policy.linkerd.io/v1alpha1:MeshTLSAuthentication",
            "policy.linkerd.io/v1alpha1:NetworkAuthentication");

    private PhaseReset() {
    }

    public static int run(int phase) {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        if (phase <= 2) {
            env.put("MESH", "plain"); // phases 1 and 2 mean "no mesh" whatever MESH says
        }
        Settings settings = Settings.fromEnvironment(env);
        if (phase >= 3 && !settings.mesh().meshed()) {
            throw new IllegalArgumentException("phase " + phase + " needs MESH=istio or MESH=linkerd");
        }
        Settings.use(settings);
        Session s = new Session("phase-" + phase + "-reset", settings);
        KubernetesClient client = reachableClient();
        if (client == null) {
            if (phase == 1) {
                s.step("nothing deployed", () -> s.recorder.pass("no-cluster", "no cluster reachable: nothing of the suite is deployed"));
            } else {
                s.step("cluster", () -> {
                    throw new Precondition("no cluster reachable through the current kubeconfig context (make cluster-up)");
                });
            }
            return s.finish();
        }
        s.cleanup.deferQuietly("close the cluster connection", client::close);
        String ns = settings.namespace();
        if (phase == 1) {
            s.step("nothing deployed", () -> undeploy(s, client, ns, settings));
            return s.finish();
        }
        if (phase == 2) {
            s.step("the suite without a mesh", () -> {
                undeploy(s, client, ns, settings);
                deploy(s, client, settings);
            });
            return s.finish();
        }
        String start = Scenarios.START_STEP.get(phase);
        Kustomize.useStep(null); // leftovers and components are found against the full overlay
        s.step("remove leftovers of scenario runs", () -> removeLeftovers(s, client, settings));
        s.step("feature components off", () -> featuresOff(s, client, settings));
        s.step("mesh/workshop/" + settings.mesh().id() + "/" + start + " (where phase " + (phase - 1) + " ends)", () -> {
            if (!onMesh(client, ns, settings.mesh())) {
                System.err.println("   the namespace is not on " + settings.mesh().id() + ": deleting it first");
                undeploy(s, client, ns, settings);
            }
            toStep(s, client, settings, start);
        });
        s.step("fault knobs off", () -> knobsOff(s, settings));
        return s.finish();
    }

    /** A client that has reached the API server, or null when there is no cluster. */
    static KubernetesClient reachableClient() {
        try {
            KubernetesClient c = Cluster.offlineClient();
            try {
                c.getKubernetesVersion();
                return c;
            } catch (KubernetesClientException e) {
                c.close();
                return null;
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void undeploy(Session s, KubernetesClient client, String ns, Settings settings) {
        for (String n : List.of(ns, settings.outsideNamespace())) {
            client.namespaces().withName(n).delete();
        }
        boolean gone = Waits.until("namespace " + ns + " deleted", Duration.ofSeconds(300),
                () -> client.namespaces().withName(ns).get() == null);
        s.recorder.check("undeployed", gone, "namespace " + ns + " gone", gone ? "gone" : "still terminating");
    }

    static void deploy(Session s, KubernetesClient client, Settings settings) {
        List<HasMetadata> render = Kustomize.render(settings.repoRoot(), settings.mesh(), List.of(), settings.registry());
        Cluster cluster = Cluster.connectTo(client, settings, s.cleanup);
        cluster.apply(render);
        boolean rolled = cluster.waitRollouts(Duration.ofSeconds(420));
        s.recorder.check("deployed", rolled, "the " + settings.mesh().id() + " overlay applied and rolled out",
                render.size() + " objects, " + (rolled ? "rolled out" : "not rolled out after 420 s"));
    }

    /**
     * The cluster as the step renders it: objects of the later steps (in the full overlay, not in the step) deleted,
     * the step applied. A Linkerd default inbound policy the step does not set is removed from the namespace, and
     * the Deployments restart when it changed (a proxy reads it when it is injected).
     */
    static void toStep(Session s, KubernetesClient client, Settings settings, String step) {
        String ns = settings.namespace();
        List<HasMetadata> overlay = Kustomize.render(settings.repoRoot(), settings.mesh(), List.of(), settings.registry());
        Kustomize.useStep(step);
        List<HasMetadata> render = Kustomize.render(settings.repoRoot(), settings.mesh(), List.of(), settings.registry());
        List<HasMetadata> later = Kustomize.onlyIn(overlay, render);
        String policyBefore = inboundPolicy(client, ns);
        Cluster cluster = Cluster.connectTo(client, settings, s.cleanup);
        cluster.delete(later);
        cluster.apply(render);
        String wanted = render.stream().filter(o -> o instanceof Namespace && ns.equals(o.getMetadata().getName()))
                .map(o -> o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(INBOUND_POLICY))
                .findFirst().orElse(null);
        if (wanted == null && policyBefore != null) {
            client.namespaces().withName(ns).edit(n -> {
                n.getMetadata().getAnnotations().remove(INBOUND_POLICY);
                return n;
            });
        }
        if (settings.mesh() == Mesh.LINKERD && !java.util.Objects.equals(policyBefore, wanted)) {
            System.err.println("   default inbound policy " + policyBefore + " -> " + wanted + ": restarting the Deployments");
            client.apps().deployments().inNamespace(ns).list().getItems()
                    .forEach(d -> client.apps().deployments().inNamespace(ns).withName(d.getMetadata().getName()).rolling().restart());
        }
        boolean rolled = cluster.waitRollouts(Duration.ofSeconds(420));
        s.recorder.check("at-step", rolled, "mesh/workshop/" + settings.mesh().id() + "/" + step + " applied and rolled out",
                render.size() + " objects applied, " + later.size() + " of later steps deleted, "
                        + (rolled ? "rolled out" : "not rolled out after 420 s"));
    }

    static final String INBOUND_POLICY = "config.linkerd.io/default-inbound-policy";

    static String inboundPolicy(KubernetesClient client, String ns) {
        Namespace n = client.namespaces().withName(ns).get();
        return n == null || n.getMetadata().getAnnotations() == null ? null : n.getMetadata().getAnnotations().get(INBOUND_POLICY);
    }

    static void removeLeftovers(Session s, KubernetesClient client, Settings settings) {
        String ns = settings.namespace();
        Map<String, String> label = Map.of(Cluster.SCENARIO_LABEL_KEY, Cluster.SCENARIO_LABEL_VALUE);
        client.pods().inNamespace(ns).withLabels(label).delete();
        client.serviceAccounts().inNamespace(ns).withLabels(label).delete();
        for (String kind : SCENARIO_KINDS) {
            String[] k = kind.split(":");
            try {
                client.genericKubernetesResources(k[0], k[1]).inNamespace(ns).withLabels(label).delete();
            } catch (KubernetesClientException e) {
                // the mesh's CRDs are not installed: nothing of that kind to remove
            }
        }
        client.namespaces().withName(settings.outsideNamespace()).delete();
        boolean clean = Waits.until("scenario pods gone", Duration.ofSeconds(120),
                () -> client.pods().inNamespace(ns).withLabels(label).list().getItems().isEmpty());
        s.recorder.check("no-scenario-pods", clean, "no pod labelled " + Cluster.SCENARIO_LABEL_VALUE, clean ? "none" : "some left");
    }

    /** Every component that fits MESH (its own and the mesh-neutral ones), each rendered alone: what it adds beyond the overlay goes. */
    static void featuresOff(Session s, KubernetesClient client, Settings settings) throws Exception {
        List<HasMetadata> overlay = Kustomize.render(settings.repoRoot(), settings.mesh(), List.of(), settings.registry());
        List<HasMetadata> extra = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(settings.repoRoot().resolve("mesh/components"))) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String c = dir.getFileName().toString();
                if (!fitsMesh(c, settings.mesh())) {
                    continue;
                }
                try {
                    extra.addAll(Kustomize.onlyIn(Kustomize.render(settings.repoRoot(), settings.mesh(), List.of(c),
                            settings.registry()), overlay));
                } catch (dev.meshdemo.scenarios.harness.Precondition e) {
                    System.err.println("   " + c + " does not render with the " + settings.mesh().id() + " overlay alone: skipped");
                }
            }
        }
        Cluster cluster = Cluster.connectTo(client, settings, s.cleanup);
        cluster.delete(extra);
        client.configMaps().inNamespace(settings.namespace()).withName(Features.CONFIG_MAP).delete();
        s.recorder.check("features-cleared", client.configMaps().inNamespace(settings.namespace()).withName(Features.CONFIG_MAP).get() == null,
                "no component recorded as on", extra.size() + " objects of components removed");
    }

    /**
     * A component of this mesh (named MESH-...) or of no mesh in particular (no other mesh's prefix). Ambient also
     * takes istio-* components (several serve it unchanged: mesh/README.md); istio-ambient-* are not Istio's.
     */
    static boolean fitsMesh(String component, Mesh mesh) {
        for (Mesh m : Mesh.values()) {
            boolean sharedWithAmbient = mesh == Mesh.ISTIO_AMBIENT && m == Mesh.ISTIO;
            if (m != mesh && m.meshed() && !sharedWithAmbient && component.startsWith(m.id() + "-")) {
                return false;
            }
        }
        return true;
    }

    static boolean onMesh(KubernetesClient client, String ns, Mesh mesh) {
        Namespace n = client.namespaces().withName(ns).get();
        if (n == null) {
            return false;
        }
        Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        Map<String, String> annotations = n.getMetadata().getAnnotations() == null ? Map.of() : n.getMetadata().getAnnotations();
        return switch (mesh) {
            case ISTIO -> "enabled".equals(labels.get("istio-injection"));
            case ISTIO_AMBIENT -> "ambient".equals(labels.get("istio.io/dataplane-mode"));
            case LINKERD -> "enabled".equals(annotations.get("linkerd.io/inject"));
            case PLAIN -> true;
        };
    }

    static void knobsOff(Session s, Settings settings) {
        KubernetesClient client = Cluster.offlineClient();
        Cluster cluster = Cluster.connectTo(client, settings, s.cleanup);
        s.cleanup.deferQuietly("close the knob connection", client::close);
        try (HostHttp http = new HostHttp()) {
            for (String svc : Cluster.SERVICES) {
                for (String pod : cluster.runningPodNames(svc)) {
                    String base = cluster.forward(pod, Cluster.SERVICE_PORTS.get(svc));
                    HostHttp.Response r = http.putJson(base + "/admin/faults", new FaultUpdate(0.0, 0L, 0.0, ""));
                    s.recorder.check(pod + ".faults-off", r.ok(), "PUT /admin/faults all off answered 2xx", r.statusText());
                }
            }
        }
    }
}
