package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseResetTest {
    @Test
    void componentsOfTheOtherMeshAreLeftAlone() {
        assertTrue(PhaseReset.fitsMesh("istio-timeout", Mesh.ISTIO));
        assertFalse(PhaseReset.fitsMesh("linkerd-timeout", Mesh.ISTIO));
        assertTrue(PhaseReset.fitsMesh("observability", Mesh.LINKERD));
        assertTrue(PhaseReset.fitsMesh("gamma", Mesh.LINKERD));
        assertTrue(PhaseReset.fitsMesh("istio-timeout", Mesh.ISTIO_AMBIENT), "the waypoint applies the sidecar components");
        assertTrue(PhaseReset.fitsMesh("istio-ambient-rate-limit", Mesh.ISTIO_AMBIENT));
        assertFalse(PhaseReset.fitsMesh("istio-ambient-rate-limit", Mesh.ISTIO));
        assertFalse(PhaseReset.fitsMesh("linkerd-timeout", Mesh.ISTIO_AMBIENT));
        assertFalse(PhaseReset.fitsMesh("istio-ambient-rate-limit", Mesh.LINKERD));
    }

    /** A reset renders every component that fits the mesh alone: each must render (else its leftovers stay). */
    @Test
    void everyComponentThatFitsRendersAloneWithItsMesh() throws Exception {
        Path root = Settings.repoRoot("");
        List<String> components;
        try (Stream<Path> s = Files.list(root.resolve("mesh/components"))) {
            components = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (Mesh mesh : List.of(Mesh.ISTIO, Mesh.ISTIO_AMBIENT, Mesh.LINKERD)) {
            List<String> overlay = Kustomize.refs(Kustomize.render(root, mesh, List.of(), "")).stream().map(Object::toString).toList();
            for (String c : components) {
                if (PhaseReset.fitsMesh(c, mesh)) {
                    var added = Kustomize.onlyIn(Kustomize.render(root, mesh, List.of(c), ""), Kustomize.render(root, mesh, List.of(), ""));
                    assertTrue(added.stream().noneMatch(o -> overlay.contains(o.toString())), c);
                }
            }
        }
    }

    @Test
    void phaseOneWithoutAClusterPasses(@org.junit.jupiter.api.io.TempDir Path results) throws Exception {
        // Where no cluster is reachable (CI, a laptop before `make cluster-up`) phase 1's reset has nothing to do.
        org.junit.jupiter.api.Assumptions.assumeTrue(PhaseReset.reachableClient() == null, "a cluster is reachable");
        System.setProperty("meshdemo.results.dir", results.toString());
        try {
            assertTrue(PhaseReset.run(1) == 0);
            assertTrue(Files.readString(results.resolve("phase-1-reset.json")).contains("no-cluster"));
        } finally {
            System.clearProperty("meshdemo.results.dir");
        }
    }

    /**
     * What a reset to the start of phase 4 deletes (objects of the full overlay not in phase-3-canary): phase 4's and
     * 5's objects and nothing of phase 3. Istio: the PeerAuthentication, the AuthorizationPolicies and the mesh
     * VirtualServices of phase 5 go, the entry routes and the product canary stay; Linkerd: the Servers and policies.
     */
    @Test
    void aResetDeletesTheLaterStepsOnly() {
        Path root = Settings.repoRoot("");
        try {
            for (Mesh mesh : List.of(Mesh.ISTIO, Mesh.ISTIO_AMBIENT, Mesh.LINKERD)) {
                Kustomize.useStep(null);
                var overlay = Kustomize.render(root, mesh, List.of(), "");
                Kustomize.useStep(dev.meshdemo.scenarios.Scenarios.START_STEP.get(4));
                var start = Kustomize.render(root, mesh, List.of(), "");
                List<String> later = Kustomize.refs(Kustomize.onlyIn(overlay, start)).stream().map(Object::toString).toList();
                List<String> kept = Kustomize.refs(start).stream().map(Object::toString).toList();
                if (mesh.isIstio()) {
                    assertTrue(later.contains("PeerAuthentication.security.istio.io meshdemo/default"), later.toString());
                    assertTrue(later.contains("AuthorizationPolicy.security.istio.io meshdemo/allow-nothing"), later.toString());
                    assertTrue(later.contains("VirtualService.networking.istio.io meshdemo/cart-service"), "phase 5's mesh routes: " + later);
                    // Ambient's entry is a Gateway API route, and its waypoint (phase 3) stays.
                    String entry = mesh == Mesh.ISTIO ? "VirtualService.networking.istio.io meshdemo/meshdemo-entry"
                            : "HTTPRoute.gateway.networking.k8s.io meshdemo/meshdemo-entry";
                    assertTrue(kept.contains(entry) && kept.contains("DestinationRule.networking.istio.io meshdemo/product-service"), kept.toString());
                    if (mesh == Mesh.ISTIO_AMBIENT) {
                        assertTrue(kept.contains("Gateway.gateway.networking.k8s.io meshdemo/waypoint"), kept.toString());
                    }
                } else {
                    assertTrue(later.contains("Server.policy.linkerd.io meshdemo/product-service"), later.toString());
                    assertTrue(later.stream().noneMatch(r -> r.contains("product-service-get")), "the outbound routes stay: " + later);
                }
                assertTrue(later.stream().noneMatch(r -> r.startsWith("Deployment") || r.startsWith("Service ")), later.toString());
            }
        } finally {
            Kustomize.useStep(null);
        }
    }
}
