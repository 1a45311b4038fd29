package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Settings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policies the scenarios apply parse, name the overlay's objects and use the versions the overlays use. */
class MeshPoliciesTest {
    static Map<String, Long> kinds(String yaml) {
        return Kustomize.parse(yaml).stream().collect(Collectors.groupingBy(o -> o.getApiVersion() + " " + o.getKind(),
                Collectors.counting()));
    }

    @Test
    void istioControlsArePerWorkload() {
        Map<String, Long> k = kinds(MeshPolicies.previousMtlsPolicy(Mesh.ISTIO, "meshdemo"));
        assertEquals(5L, k.get("security.istio.io/v1 PeerAuthentication"));
        assertEquals(5L, k.get("security.istio.io/v1 AuthorizationPolicy"));
        List<HasMetadata> all = Kustomize.parse(MeshPolicies.allowAll(Mesh.ISTIO, "meshdemo", List.of()));
        assertEquals(5, all.size());
        assertTrue(all.stream().allMatch(o -> o.getMetadata().getName().startsWith("scenario-")));
    }

    @Test
    void linkerdGrantsTargetTheOverlaysServersAndRoutes() {
        Map<String, Long> k = kinds(MeshPolicies.whoamiGrant(Mesh.LINKERD, "meshdemo", "scenario-mtls"));
        assertEquals(5L, k.get("policy.linkerd.io/v1beta3 HTTPRoute"));
        assertEquals(5L, k.get("policy.linkerd.io/v1alpha1 AuthorizationPolicy"));
        assertEquals(1L, k.get("policy.linkerd.io/v1alpha1 MeshTLSAuthentication"));
        // The Servers the grants attach to exist in the overlay under the services' names.
        var servers = Kustomize.render(Settings.repoRoot(""), Mesh.LINKERD, List.of(), "").stream()
                .filter(o -> o.getKind().equals("Server")).map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
        assertTrue(servers.containsAll(List.of("product-service", "cart-service", "order-service", "user-service", "exam-service")),
                servers.toString());
        assertEquals(3, Kustomize.parse(MeshPolicies.allowAll(Mesh.LINKERD, "meshdemo", List.of("a", "b"))).size());
    }

    @Test
    void ambientGrantsSitOnTheWaypointAndItsMtlsControlOnZtunnel() {
        List<HasMetadata> grant = Kustomize.parse(MeshPolicies.whoamiGrant(Mesh.ISTIO_AMBIENT, "meshdemo", "scenario-mtls"));
        assertEquals(5, grant.size());
        assertTrue(grant.stream().allMatch(o -> o.getKind().equals("AuthorizationPolicy")
                && o.toString().contains("targetRefs") && !o.toString().contains("selector")), "L7 grants target the Services (waypoint)");
        Map<String, Long> control = kinds(MeshPolicies.previousMtlsPolicy(Mesh.ISTIO_AMBIENT, "meshdemo"));
        assertEquals(5L, control.get("security.istio.io/v1 PeerAuthentication"));
        String yaml = MeshPolicies.previousMtlsPolicy(Mesh.ISTIO_AMBIENT, "meshdemo");
        assertTrue(yaml.contains("ports: [\"3001\"]") && !yaml.contains("methods"), "ztunnel's control is L4 only: " + yaml);
        String all = MeshPolicies.allowAll(Mesh.ISTIO_AMBIENT, "meshdemo", List.of());
        assertEquals(5, Kustomize.parse(all).size());
        assertTrue(all.contains("kind: Service, name: exam-service") && !all.contains("selector"), all);
    }
}
