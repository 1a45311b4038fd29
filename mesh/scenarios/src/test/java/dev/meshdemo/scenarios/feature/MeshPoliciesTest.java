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

    /** The POST-retrying control: a Service of exam-service's pods and a route on it that retries every method on 5xx. */
    @Test
    void theRetryingControlRouteRetriesEveryMethodOnTheSamePods() {
        var overlay = Kustomize.render(Settings.repoRoot(""), Mesh.ISTIO, List.of(), "");
        var examSelector = overlay.stream().filter(o -> o.getKind().equals("Service") && o.getMetadata().getName().equals("exam-service"))
                .map(o -> ((io.fabric8.kubernetes.api.model.Service) o).getSpec().getSelector()).findFirst().orElseThrow();
        for (Mesh mesh : List.of(Mesh.ISTIO, Mesh.LINKERD)) {
            String yaml = MeshPolicies.retryingPostRoute(mesh, "meshdemo", "exam-service", 3005);
            List<HasMetadata> objects = Kustomize.parse(yaml);
            var service = (io.fabric8.kubernetes.api.model.Service) objects.stream().filter(o -> o.getKind().equals("Service")).findFirst().orElseThrow();
            assertEquals(examSelector, service.getSpec().getSelector(), mesh + ": the same pods");
            assertEquals("scenario-retrying-exam-service", service.getMetadata().getName());
            assertEquals(3005, service.getSpec().getPorts().get(0).getPort());
            if (mesh == Mesh.ISTIO) {
                assertTrue(yaml.contains("retries: {attempts: 3, retryOn: 5xx}") && !yaml.contains("method:"), yaml);
                assertEquals(1L, kinds(yaml).get("networking.istio.io/v1 VirtualService"));
            } else {
                HasMetadata route = objects.stream().filter(o -> o.getKind().equals("HTTPRoute")).findFirst().orElseThrow();
                assertEquals("5xx", route.getMetadata().getAnnotations().get("retry.linkerd.io/http"));
                assertTrue(!yaml.contains("method:") && yaml.contains("name: scenario-retrying-exam-service, port: 3005"), yaml);
            }
        }
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
