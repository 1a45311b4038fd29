package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workshop's steps (mesh/workshop/MESH/phase-N-*): each renders and passes the checks that hold at that
 * point of the course, each adds something to apply, applying them in order never needs a delete, phase 2
 * carries no policy, and the last step (every layer of mesh/layers/MESH) renders exactly the overlay that
 * `make deploy MESH=...` applies, so the demo/benchmark suite and the workshop cannot drift apart.
 */
class WorkshopStepsTest {
    /** The steps in the course's order; the 50/50 shift is the participant's detour, not on the main line. */
    static final List<String> MAIN_LINE = List.of("phase-2-inject", "phase-3-entry", "phase-3-vip", "phase-3-canary",
            "phase-4-permissive", "phase-4-strict", "phase-4-authorization", "phase-5-resilience");
    static final String LAST_LAYERED = "phase-5-resilience";
    /** Checks of the final policy: they hold from the step that adds it on. */
    static final Map<String, String> CHECK_FROM_STEP = Map.of(
            "authorization graph == call graph", "phase-4-authorization",
            "Istio: namespace-wide allow-nothing", "phase-4-authorization",
            "Linkerd: a Server for every pod port", "phase-4-authorization",
            "other workloads reachable exactly by what needs them", "phase-4-authorization",
            "APP_MESH and APP_RESILIENCE per overlay", "phase-5-resilience");
    /** Kinds that are policy (routing, mTLS, authorization, telemetry): none of them in phase 2. */
    static final Set<String> POLICY_KINDS = Set.of("VirtualService", "DestinationRule", "Gateway", "PeerAuthentication",
            "AuthorizationPolicy", "Telemetry", "HTTPRoute", "Server", "MeshTLSAuthentication", "NetworkAuthentication");
    private static final Map<String, Render> CACHE = new ConcurrentHashMap<>();

    static Path workshop(String mesh) {
        return Repo.mesh().resolve("workshop").resolve(mesh);
    }

    static List<String> steps(String mesh) {
        try (Stream<Path> dirs = Files.list(workshop(mesh))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A step's render; phase 6 is labelled with the components it adds, so their objects count as in force. */
    static Render render(String mesh, String step) {
        return CACHE.computeIfAbsent(mesh + "/" + step, k -> {
            String label = step.startsWith("phase-6")
                    ? mesh + "+observability" + (mesh.startsWith("istio") ? "+istio-tracing" : "") : mesh;
            return new Render(label, mesh, Kustomize.parse(Kustomize.kubectl(workshop(mesh).resolve(step))));
        }).copy();
    }

    static boolean applies(String check, String step) {
        String from = CHECK_FROM_STEP.get(check);
        if (from == null || step.startsWith("phase-6")) {
            return true;
        }
        int at = MAIN_LINE.indexOf(step.equals("phase-3-canary-50-50") ? "phase-3-canary" : step);
        return at >= MAIN_LINE.indexOf(from);
    }

    static Map<String, String> byId(Render r) {
        Map<String, String> m = new TreeMap<>();
        for (ObjectNode o : r.objects()) {
            m.put(o.path("apiVersion").asText() + " " + Render.id(o), o.toString());
        }
        return m;
    }

    @TestFactory
    Stream<DynamicNode> everyStepPassesItsChecks() {
        return Stream.of("istio", Ambient.MESH, "linkerd").flatMap(mesh -> steps(mesh).stream().map(step ->
                DynamicContainer.dynamicContainer(mesh + "/" + step, Validation.CHECKS.entrySet().stream()
                        .filter(check -> applies(check.getKey(), step))
                        .map(check -> DynamicTest.dynamicTest(check.getKey(), () -> {
                            List<String> errors = check.getValue().apply(render(mesh, step));
                            assertTrue(errors.isEmpty(), mesh + "/" + step + " / " + check.getKey() + ":\n  " + String.join("\n  ", errors));
                        })))));
    }

    /**
     * Each feature component in the phase whose page teaches it (mesh/workshop/phase-*.md), on the step the
     * cluster is at then (`make feature-on FEATURE=... STEP=...`): it renders there and passes that step's checks.
     */
    static final Map<String, String> FEATURE_STEP = new TreeMap<>(Map.ofEntries(
            Map.entry("istio/istio-mirroring", "phase-3-canary"), Map.entry("istio/gamma", "phase-3-canary"),
            Map.entry("linkerd/gamma", "phase-3-canary"),
            Map.entry("istio/istio-end-user-auth", "phase-4-authorization"), Map.entry("istio/istio-egress", "phase-4-authorization"),
            Map.entry("linkerd/linkerd-egress", "phase-4-authorization"),
            Map.entry("istio/istio-rate-limit", "phase-5-resilience"), Map.entry("linkerd/linkerd-rate-limit", "phase-5-resilience"),
            Map.entry("istio/istio-connection-pool", "phase-5-resilience"),
            Map.entry("istio/workshop-small", "phase-2-inject"), Map.entry("linkerd/workshop-small", "phase-2-inject")));

    static Render withComponent(String mesh, String step, String component) {
        return CACHE.computeIfAbsent(mesh + "/" + step + "+" + component, k -> {
            Path dir = Repo.mesh().resolve("validation/target/render/workshop-" + mesh + "-" + step + "+" + component);
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources:\n  - " + dir.relativize(workshop(mesh).resolve(step)).toString().replace('\\', '/') + "\n"
                        + "components:\n  - " + dir.relativize(Repo.mesh().resolve("components/" + component)).toString().replace('\\', '/') + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Render(mesh + "+" + component, mesh, Kustomize.parse(Kustomize.kubectl(dir)));
        }).copy();
    }

    @TestFactory
    Stream<DynamicNode> eachFeatureFitsItsPhase() {
        return FEATURE_STEP.entrySet().stream().map(e -> {
            String mesh = e.getKey().substring(0, e.getKey().indexOf('/'));
            String component = e.getKey().substring(mesh.length() + 1);
            String step = e.getValue();
            return DynamicContainer.dynamicContainer(mesh + "/" + step + " + " + component, Validation.CHECKS.entrySet().stream()
                    .filter(check -> applies(check.getKey(), step))
                    .map(check -> DynamicTest.dynamicTest(check.getKey(), () -> {
                        List<String> errors = check.getValue().apply(withComponent(mesh, step, component));
                        assertTrue(errors.isEmpty(), mesh + "/" + step + " + " + component + " / " + check.getKey() + ":\n  "
                                + String.join("\n  ", errors));
                    })));
        });
    }

    /** `make step` and `make steps` (mk/workshop.mk) know exactly these steps, in the course's order. */
    @org.junit.jupiter.api.Test
    void makeKnowsTheSteps() throws IOException {
        String mk = Files.readString(Repo.root().resolve("mk/workshop.mk"));
        var m = java.util.regex.Pattern.compile("WORKSHOP_STEPS := ((?:[^\\n]*\\\\\\n)*[^\\n]*)").matcher(mk);
        assertTrue(m.find(), "WORKSHOP_STEPS in mk/workshop.mk");
        List<String> listed = List.of(m.group(1).replace("\\", " ").trim().split("\\s+"));
        List<String> expected = new ArrayList<>(MAIN_LINE);
        expected.add(MAIN_LINE.indexOf("phase-3-canary") + 1, "phase-3-canary-50-50");
        expected.add("phase-6-observability");
        assertEquals(expected, listed);
    }

    /** `make step-dir`: the step plus COMPONENTS through mk/mesh.mk's render path; an unknown STEP is refused (exit 2). */
    @org.junit.jupiter.api.Test
    void makeStepRendersTheStepWithTheComponents() throws Exception {
        String out = make("step-dir", "MESH=linkerd", "STEP=phase-3-vip", "COMPONENTS=workshop-small");
        String[] lines = out.trim().split("\n");
        Render r = new Render("linkerd+workshop-small", "linkerd", Kustomize.parse(Kustomize.kubectl(Repo.root().resolve(lines[lines.length - 1].trim()))));
        assertEquals(byId(withComponent("linkerd", "phase-3-vip", "workshop-small")).keySet(), byId(r).keySet());
        assertTrue(r.workloads().filter(w -> MeshRules.serviceOf(w).isPresent())
                .allMatch(w -> w.path("spec").path("replicas").asInt() == 1), "one replica each");
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> make("step-dir", "MESH=linkerd", "STEP=phase-9-nothing"));
        assertTrue(refused.getMessage().contains("exit 2") && refused.getMessage().contains("no step of mesh/workshop/linkerd"),
                refused.getMessage());
    }

    static String make(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("make", "-s", "--no-print-directory", "MESH_RENDER_DIR=mesh/validation/target/step-path"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeAll(List.of("REGISTRY", "MESH", "COMPONENTS", "STEP", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "make timed out");
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + "\n" + out);
        }
        return out;
    }

    /** Memory requests (Mi) of the rendered workloads' own containers, times replicas, for a predicate on the workload. */
    static long requestedMi(Render r, java.util.function.Predicate<ObjectNode> which) {
        return r.workloads().filter(which).mapToLong(w -> {
            long perPod = 0;
            for (var c : Render.podSpec(w).path("containers")) {
                String m = c.path("resources").path("requests").path("memory").asText("0Mi");
                perPod += m.endsWith("Gi") ? Long.parseLong(m.replace("Gi", "")) * 1024 : Long.parseLong(m.replace("Mi", ""));
            }
            return perPod * w.path("spec").path("replicas").asInt(1);
        }).sum();
    }

    /** The sizing table of mesh/workshop/README.md quotes what the renders request (sidecars and control planes aside). */
    @org.junit.jupiter.api.Test
    void theSizingTableMatchesTheRenders() throws IOException {
        String readme = Files.readString(Repo.mesh().resolve("workshop/README.md"));
        java.util.function.Predicate<ObjectNode> service = w -> MeshRules.serviceOf(w).isPresent();
        java.util.function.Predicate<ObjectNode> postgres = w -> Render.name(w).equals("postgres");
        java.util.function.Predicate<ObjectNode> entry = w -> Render.name(w).equals("meshdemo-ingress");
        long services = requestedMi(Kustomize.overlay("plain"), service);
        for (String mesh : List.of("plain", "istio", "linkerd")) {
            assertEquals(services, requestedMi(Kustomize.overlay(mesh), service), mesh + ": services");
        }
        assertTrue(readme.contains("| " + services + " Mi | " + services + " Mi | " + services + " Mi |"), "services " + services + " Mi");
        long pg = requestedMi(Kustomize.overlay("istio"), postgres);
        assertTrue(readme.contains("| " + pg + " Mi | " + pg + " Mi | " + pg + " Mi |"), "PostgreSQL " + pg + " Mi");
        long nginx = requestedMi(Kustomize.overlay("plain"), entry);
        long gateway = requestedMi(Kustomize.overlay("istio"), entry);
        assertEquals(nginx, requestedMi(Kustomize.overlay("linkerd"), entry));
        assertTrue(readme.contains("| " + nginx + " Mi | " + gateway + " Mi | " + nginx + " Mi |"), "entry " + nginx + "/" + gateway + " Mi");
        long pods = Kustomize.overlay("istio").workloads().filter(service.or(postgres))
                .mapToLong(w -> w.path("spec").path("replicas").asInt(1)).sum();
        assertTrue(readme.contains("| sidecar proxies (services + PostgreSQL) | " + pods + " |"), pods + " sidecars");
        long small = requestedMi(withComponent("istio", "phase-2-inject", "workshop-small"), service);
        assertEquals(services / 2, small, "the workshop profile halves the services");
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio", Ambient.MESH, "linkerd"})
    void theLastLayeredStepIsTheOverlay(String mesh) {
        Map<String, String> overlay = byId(Kustomize.overlay(mesh));
        Map<String, String> layered = byId(render(mesh, LAST_LAYERED));
        assertEquals(overlay.keySet(), layered.keySet(), "objects of mesh/overlays/" + mesh + " vs mesh/workshop/" + mesh + "/" + LAST_LAYERED);
        List<String> differing = new ArrayList<>();
        overlay.forEach((id, json) -> {
            if (!Kustomize.parse(json).equals(Kustomize.parse(layered.get(id)))) {
                differing.add(id);
            }
        });
        assertTrue(differing.isEmpty(), "same objects, different content: " + differing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio", Ambient.MESH, "linkerd"})
    void everyStepIsOnDiskAndInOrder(String mesh) {
        Set<String> expected = new TreeSet<>(MAIN_LINE);
        expected.add("phase-3-canary-50-50");
        expected.add("phase-6-observability");
        assertEquals(expected, new TreeSet<>(steps(mesh)), "the steps of mesh/workshop/" + mesh);
    }

    /** Each step changes something, and only adds or changes: `kubectl apply -k` in order needs no delete. */
    @ParameterizedTest
    @ValueSource(strings = {"istio", Ambient.MESH, "linkerd"})
    void eachStepAddsToThePrevious(String mesh) {
        List<String> line = new ArrayList<>(MAIN_LINE);
        line.add("phase-6-observability");
        for (int i = 1; i < line.size(); i++) {
            Map<String, String> before = byId(render(mesh, line.get(i - 1)));
            Map<String, String> after = byId(render(mesh, line.get(i)));
            Set<String> removed = new TreeSet<>(before.keySet());
            removed.removeAll(after.keySet());
            assertTrue(removed.isEmpty(), line.get(i) + " drops objects of " + line.get(i - 1) + ": " + removed);
            assertFalse(before.equals(after), line.get(i) + " changes nothing after " + line.get(i - 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio", "linkerd"})
    void phaseTwoIsInjectionOnly(String mesh) {
        Render r = render(mesh, "phase-2-inject");
        List<String> policy = r.objects().stream().filter(o -> POLICY_KINDS.contains(o.path("kind").asText()))
                .map(Render::id).toList();
        assertTrue(policy.isEmpty(), "phase 2 must only install and inject, found " + policy);
        ObjectNode ns = r.get("", "Namespace", "meshdemo");
        String injection = mesh.equals("istio") ? ns.path("metadata").path("labels").path("istio-injection").asText()
                : ns.path("metadata").path("annotations").path("linkerd.io/inject").asText();
        assertEquals("enabled", injection, "injection switched on for the namespace");
        if (mesh.equals("linkerd")) {
            assertTrue(ns.path("metadata").path("annotations").path("config.linkerd.io/default-inbound-policy").isMissingNode(),
                    "phase 2 keeps Linkerd's default inbound policy");
        }
    }

    /**
     * Ambient's phase 2 enrolls the namespace and changes nothing else: no policy, no injection, no pod template
     * touched, so no pod restarts (istio-cni redirects the running pods' traffic to ztunnel in place).
     */
    @org.junit.jupiter.api.Test
    void ambientPhaseTwoEnrollsTheNamespaceWithoutRestartingAPod() {
        Render r = render(Ambient.MESH, "phase-2-inject");
        List<String> policy = r.objects().stream().filter(o -> POLICY_KINDS.contains(o.path("kind").asText())).map(Render::id).toList();
        assertTrue(policy.isEmpty(), "phase 2 must only enroll, found " + policy);
        ObjectNode ns = r.get("", "Namespace", "meshdemo");
        assertEquals("ambient", ns.path("metadata").path("labels").path(Ambient.DATAPLANE_MODE).asText());
        assertTrue(ns.path("metadata").path("labels").path("istio-injection").isMissingNode(), "no sidecar injection");
        Map<String, String> plain = new TreeMap<>();
        Kustomize.overlay("plain").workloads().forEach(w -> plain.put(Render.id(w), w.path("spec").path("template").toString()));
        r.workloads().forEach(w -> assertEquals(plain.get(Render.id(w)), w.path("spec").path("template").toString(),
                Render.id(w) + ": a changed pod template would restart the pods"));
    }

    /** The participant's 50/50 differs from the 90/10 canary in weights only, and every weight is 50. */
    @ParameterizedTest
    @ValueSource(strings = {"istio", Ambient.MESH, "linkerd"})
    void theFiftyFiftyShiftChangesWeightsOnly(String mesh) {
        Map<String, String> canary = byId(render(mesh, "phase-3-canary"));
        Map<String, String> shifted = byId(render(mesh, "phase-3-canary-50-50"));
        assertEquals(canary.keySet(), shifted.keySet());
        int changed = 0;
        for (String id : canary.keySet()) {
            String a = canary.get(id);
            String b = shifted.get(id);
            if (!a.equals(b)) {
                changed++;
                assertEquals(a.replace("\"weight\":90", "\"weight\":50").replace("\"weight\":10", "\"weight\":50"), b, id);
                assertFalse(b.contains("\"weight\":90") || b.contains("\"weight\":10"), id + " keeps a 90/10 weight");
            }
        }
        // Ambient: the waypoint applies the one VirtualService product-service to the entry's requests too.
        assertEquals(Ambient.MESH.equals(mesh) ? 1 : 2, changed,
                "the entry and the mesh route of product-service (istio) / its two HTTPRoutes (linkerd) / the waypoint's route (ambient)");
    }

    /**
     * Linkerd's strict step restarts every proxy under all-authenticated: without its own Server (open to any
     * network) in the same step, the entry refuses its users until the authorization step. The rule that runs on
     * every step above catches that; Istio's entry gateway is not bound by PeerAuthentication, and its policy is
     * allow-nothing's exception from the step that adds allow-nothing.
     */
    @Test
    void theEntryRuleCatchesAStrictStepWithoutTheEntrysServer() throws Exception {
        Render strict = render("linkerd", "phase-4-strict");
        assertEquals(List.of(), DefaultDenyRules.entryOpenToClientsWithoutIdentity(strict));
        Render broken = new Render(strict.label(), strict.mesh(), strict.objects().stream()
                .filter(o -> !("Server".equals(o.path("kind").asText()) && "meshdemo-ingress".equals(Render.name(o)))).toList());
        List<String> errors = DefaultDenyRules.entryOpenToClientsWithoutIdentity(broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains("a client without mesh identity is refused by Deployment/meshdemo-ingress")), errors.toString());
        Render istio = render("istio", "phase-4-authorization");
        istio.objects().removeIf(o -> "AuthorizationPolicy".equals(o.path("kind").asText()) && "meshdemo-ingress".equals(Render.name(o)));
        assertFalse(DefaultDenyRules.entryOpenToClientsWithoutIdentity(istio).isEmpty(), "istio: allow-nothing without the entry's ALLOW policy");
        // Ambient: the entry is the Gateway istiod deploys (from phase 3 on); a DENY targeting it closes it.
        Render ambient = render(Ambient.MESH, "phase-4-authorization");
        assertEquals(List.of(), DefaultDenyRules.entryOpenToClientsWithoutIdentity(ambient));
        Render closed = new Render(ambient.label(), ambient.mesh(), new java.util.ArrayList<>(ambient.objects()));
        closed.objects().add((com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: entry-closed, namespace: meshdemo}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: meshdemo-ingress}]
                  action: DENY
                  rules: [{to: [{operation: {methods: ["GET"]}}]}]
                """));
        List<String> ambientErrors = DefaultDenyRules.entryOpenToClientsWithoutIdentity(closed);
        assertTrue(ambientErrors.stream().anyMatch(e -> e.contains("refused by Gateway meshdemo-ingress")), ambientErrors.toString());
        Render noGateway = new Render(ambient.label(), ambient.mesh(), ambient.objects().stream()
                .filter(o -> !("Gateway".equals(o.path("kind").asText()) && "meshdemo-ingress".equals(Render.name(o)))).toList());
        assertFalse(DefaultDenyRules.entryOpenToClientsWithoutIdentity(noGateway).isEmpty(), "ambient: allow-nothing closes an entry that is not the Gateway");
    }

    /** Phase 4 moves the mTLS mode from permissive to strict. */
    @ParameterizedTest
    @ValueSource(strings = {"istio", Ambient.MESH, "linkerd"})
    void phaseFourTightensMtls(String mesh) {
        assertEquals(List.of("PERMISSIVE", "STRICT", "STRICT"),
                Stream.of("phase-4-permissive", "phase-4-strict", "phase-4-authorization").map(s -> mtlsMode(mesh, s)).toList());
        assertEquals("none", mtlsMode(mesh, "phase-3-canary"), "before phase 4 the mesh's default, nothing written");
    }

    static String mtlsMode(String mesh, String step) {
        Render r = render(mesh, step);
        if (mesh.startsWith("istio")) {
            return r.find("security.istio.io", "PeerAuthentication", "default")
                    .map(p -> p.path("spec").path("mtls").path("mode").asText()).orElse("none");
        }
        String policy = r.get("", "Namespace", "meshdemo").path("metadata").path("annotations")
                .path("config.linkerd.io/default-inbound-policy").asText("none");
        return switch (policy) {
            case "all-unauthenticated" -> "PERMISSIVE";
            case "all-authenticated" -> "STRICT";
            default -> policy;
        };
    }
}
