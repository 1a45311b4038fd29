package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The control of the canary removes exactly the product routes of the mesh, found in the real renders. */
class CanaryScenarioTest {
    static Set<String> productRoutes(Mesh mesh) {
        return Kustomize.render(Settings.repoRoot(""), mesh, List.of(), "").stream()
                .filter(o -> CanaryScenario.isProductRoute(mesh, o))
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.toSet());
    }

    @Test
    void istio() {
        assertEquals(Set.of("VirtualService/product-service"), productRoutes(Mesh.ISTIO));
    }

    @Test
    void linkerd() {
        assertEquals(Set.of("HTTPRoute/product-service-get", "HTTPRoute/product-service-default"), productRoutes(Mesh.LINKERD));
    }
}
