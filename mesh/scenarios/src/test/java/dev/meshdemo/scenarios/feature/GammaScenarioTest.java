package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Contrast;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Settings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GAMMA verdict, and the routes it finds in the real renders of both meshes. */
class GammaScenarioTest {
    static HttpSample.Samples versions(int v1, int v2) {
        List<HttpSample> all = new ArrayList<>();
        for (int i = 0; i < v1 + v2; i++) {
            all.add(new HttpSample(200, 0.01, 0, i < v2 ? "v2" : "v1"));
        }
        return new HttpSample.Samples(all);
    }

    static Contrast.Verdict verdict(GammaScenario.Run treated, GammaScenario.Run control) {
        return Contrast.evaluate(GammaScenario.routed(GammaScenario.N), treated, GammaScenario.unrouted(0.5), control);
    }

    @Test
    void routedAgainstUnroutedPasses() {
        assertTrue(verdict(new GammaScenario.Run(versions(360, 40), versions(0, 100)),
                new GammaScenario.Run(versions(200, 200), versions(48, 52))).passed());
    }

    @Test
    void noDifferenceFails() {
        GammaScenario.Run routed = new GammaScenario.Run(versions(360, 40), versions(0, 100));
        Contrast.Verdict v = verdict(routed, routed);
        assertFalse(v.passed());
        assertTrue(v.reason().contains("agree"), v.reason());
        GammaScenario.Run unrouted = new GammaScenario.Run(versions(200, 200), versions(50, 50));
        assertFalse(verdict(unrouted, unrouted).passed());
    }

    @Test
    void splitAndVipBothCount() {
        GammaScenario.Run control = new GammaScenario.Run(versions(200, 200), versions(50, 50));
        assertFalse(verdict(new GammaScenario.Run(versions(300, 100), versions(0, 100)), control).passed(), "25 % is not 90/10");
        assertFalse(verdict(new GammaScenario.Run(versions(360, 40), versions(1, 99)), control).passed(), "one vip on v1");
        assertFalse(verdict(new GammaScenario.Run(versions(360, 40), versions(0, 100)),
                new GammaScenario.Run(versions(200, 200), versions(0, 100))).passed(), "vip still pinned without routes");
    }

    static Set<String> names(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.toSet());
    }

    /** With the component both meshes render the same two GAMMA routes and no native product route. */
    @Test
    void realRenders() {
        for (Mesh mesh : List.of(Mesh.ISTIO, Mesh.LINKERD)) {
            List<HasMetadata> render = Kustomize.render(Settings.repoRoot(""), mesh, List.of(GammaScenario.COMPONENT), "");
            assertEquals(Set.of("HTTPRoute/product-service-gamma-get", "HTTPRoute/product-service-gamma-default"),
                    names(render.stream().filter(GammaScenario::isGammaRoute).toList()), mesh.id());
            List<HasMetadata> nativeRoutes = render.stream()
                    .filter(o -> CanaryScenario.isProductRoute(mesh, o) && !GammaScenario.isGammaRoute(o)).toList();
            assertEquals(Set.of(), names(nativeRoutes), mesh.id() + ": native product routes left in the render");
            List<HasMetadata> without = Kustomize.render(Settings.repoRoot(""), mesh, List.of(), "");
            assertTrue(without.stream().noneMatch(GammaScenario::isGammaRoute), mesh.id() + ": GAMMA routes without the component");
        }
    }
}
