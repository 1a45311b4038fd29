package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.feature.EgressScenario.Kind;
import dev.meshdemo.scenarios.feature.EgressScenario.Probe;
import dev.meshdemo.scenarios.harness.Contrast;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Egress refusals are told apart from a cluster that simply cannot reach the host; the verdict compares kinds. */
class EgressScenarioTest {
    static HttpSample status(int s) {
        return new HttpSample(s, 0.01, 0, "");
    }

    static HttpSample curlExit(int exit) {
        return new HttpSample(0, 10, exit, "");
    }

    @Test
    void refusalKinds() {
        assertEquals(Kind.REFUSED_BY_MESH, EgressScenario.kind(Mesh.ISTIO, status(502)));
        assertEquals(Kind.REFUSED_BY_MESH, EgressScenario.kind(Mesh.ISTIO, curlExit(56)));
        assertEquals(Kind.REFUSED_BY_MESH, EgressScenario.kind(Mesh.ISTIO, curlExit(52)));
        assertEquals(Kind.ANSWERED, EgressScenario.kind(Mesh.ISTIO, status(503)), "no healthy upstream is not a refusal");
        assertEquals(Kind.ANSWERED, EgressScenario.kind(Mesh.ISTIO, status(403)));
        assertEquals(Kind.UNREACHABLE, EgressScenario.kind(Mesh.ISTIO, curlExit(28)));
        assertEquals(Kind.REFUSED_BY_MESH, EgressScenario.kind(Mesh.LINKERD, status(403)));
        assertEquals(Kind.ANSWERED, EgressScenario.kind(Mesh.LINKERD, status(502)));
        assertEquals(Kind.UNREACHABLE, EgressScenario.kind(Mesh.LINKERD, curlExit(56)));
        assertEquals(Kind.ANSWERED, EgressScenario.kind(Mesh.PLAIN, status(502)));
    }

    static Contrast.Verdict verdict(Mesh mesh, Probe treated, Probe control) {
        return Contrast.evaluate(EgressScenario.restricted(mesh), treated, EgressScenario.open(), control);
    }

    @Test
    void refusedAgainstOpenPasses() {
        assertTrue(verdict(Mesh.ISTIO, new Probe(Kind.ANSWERED, "200", Kind.REFUSED_BY_MESH, "502"),
                new Probe(Kind.ANSWERED, "200", Kind.ANSWERED, "200")).passed(), "a cluster with internet");
        assertTrue(verdict(Mesh.LINKERD, new Probe(Kind.UNREACHABLE, "000 exit 28", Kind.REFUSED_BY_MESH, "403"),
                new Probe(Kind.UNREACHABLE, "000 exit 28", Kind.UNREACHABLE, "000 exit 28")).passed(), "a cluster without internet");
    }

    @Test
    void noDifferenceFails() {
        Probe refused = new Probe(Kind.ANSWERED, "200", Kind.REFUSED_BY_MESH, "502");
        Contrast.Verdict v = verdict(Mesh.ISTIO, refused, refused);
        assertFalse(v.passed());
        assertTrue(v.reason().contains("agree"), v.reason());
        Probe open = new Probe(Kind.ANSWERED, "200", Kind.ANSWERED, "200");
        assertFalse(verdict(Mesh.ISTIO, open, open).passed());
    }

    @Test
    void theRegisteredHostMustNotBeRefused() {
        assertFalse(verdict(Mesh.ISTIO, new Probe(Kind.REFUSED_BY_MESH, "502", Kind.REFUSED_BY_MESH, "502"),
                new Probe(Kind.ANSWERED, "200", Kind.ANSWERED, "200")).passed());
    }

    static Set<String> policies(Mesh mesh) {
        var root = Settings.repoRoot("");
        return EgressScenario.policies(Kustomize.render(root, mesh, List.of(EgressScenario.component(mesh)), ""),
                Kustomize.render(root, mesh, List.of(), "")).stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.toSet());
    }

    /** The control deletes the policy objects of the real renders, and keeps the probe. */
    @Test
    void theControlRemovesThePolicyOnly() {
        assertEquals(Set.of("Sidecar/default", "ServiceEntry/example-com"), policies(Mesh.ISTIO));
        assertEquals(Set.of("EgressNetwork/meshdemo-egress", "HTTPRoute/egress-example-com"), policies(Mesh.LINKERD));
    }
}
