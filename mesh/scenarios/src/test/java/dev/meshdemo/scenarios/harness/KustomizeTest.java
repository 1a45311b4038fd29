package dev.meshdemo.scenarios.harness;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real renders of the overlays (kubectl kustomize): what switching a feature off deletes, and nothing more. */
class KustomizeTest {
    static final Path ROOT = Settings.repoRoot("");

    @Test
    void switchingAFeatureOffDeletesWhatOnlyItAdded() {
        List<HasMetadata> overlay = Kustomize.render(ROOT, Mesh.LINKERD, List.of(), "");
        List<HasMetadata> with = Kustomize.render(ROOT, Mesh.LINKERD, List.of("linkerd-fault-abort"), "");
        Set<String> added = Kustomize.refs(Kustomize.onlyIn(with, overlay)).stream().map(Object::toString).collect(Collectors.toSet());
        assertTrue(added.contains("Deployment.apps meshdemo/product-service-fault"), added.toString());
        assertTrue(added.size() <= 6, "only the fault backend's objects: " + added);
        Set<Kustomize.ObjectRef> overlayRefs = Kustomize.refs(overlay);
        assertTrue(Kustomize.refs(Kustomize.onlyIn(with, overlay)).stream().noneMatch(overlayRefs::contains));
    }

    /** What Features.on deletes after applying: the objects a component takes out (gamma: the native product routes). */
    @Test
    void switchingGammaOnRemovesTheNativeProductRoutes() {
        for (Mesh mesh : List.of(Mesh.ISTIO, Mesh.LINKERD)) {
            List<HasMetadata> overlay = Kustomize.render(ROOT, mesh, List.of(), "");
            List<HasMetadata> with = Kustomize.render(ROOT, mesh, List.of("gamma"), "");
            Set<String> removed = Kustomize.refs(Kustomize.onlyIn(overlay, with)).stream().map(Object::toString).collect(Collectors.toSet());
            Set<String> expected = mesh == Mesh.ISTIO ? Set.of("VirtualService.networking.istio.io meshdemo/product-service")
                    : Set.of("HTTPRoute.policy.linkerd.io meshdemo/product-service-get", "HTTPRoute.policy.linkerd.io meshdemo/product-service-default");
            assertEquals(expected, removed, mesh.id());
            assertTrue(Kustomize.onlyIn(overlay, Kustomize.render(ROOT, mesh, List.of("observability"), "")).isEmpty(),
                    "a component that only adds removes nothing");
        }
    }

    @Test
    void refsAreQualifiedByApiGroup() {
        Set<String> refs = Kustomize.refs(Kustomize.render(ROOT, Mesh.LINKERD, List.of(), "")).stream()
                .map(Object::toString).collect(Collectors.toSet());
        assertTrue(refs.contains("HTTPRoute.policy.linkerd.io meshdemo/product-service-get"), refs.toString());
        assertTrue(refs.contains("Service meshdemo/product-service"), refs.toString());
    }

    @Test
    void aRegistryRewritesTheServiceImagesSoAToggleKeepsThem() {
        List<HasMetadata> render = Kustomize.render(ROOT, Mesh.ISTIO, List.of("istio-timeout"), "123.dkr.ecr.example/x");
        List<String> images = render.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).map(c -> c.getImage())
                .filter(i -> i.contains("meshdemo/")).toList();
        assertFalse(images.isEmpty());
        assertTrue(images.stream().allMatch(i -> i.startsWith("123.dkr.ecr.example/x/meshdemo/")), images.toString());
    }

    @Test
    void aRegistryRecordedByMakeIsIncludedInEveryRender(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path dir = root.resolve("mesh/scenarios/target/render/x");
        java.nio.file.Files.createDirectories(root.resolve(Kustomize.RECORDED_REGISTRY));
        java.nio.file.Files.writeString(root.resolve(Kustomize.RECORDED_REGISTRY).resolve("kustomization.yaml"), "kind: Component\n");
        java.nio.file.Files.createDirectories(root.resolve("mesh/components/observability"));
        String plain = Kustomize.kustomization(dir, root, Mesh.ISTIO, List.of(), "");
        assertTrue(plain.contains("components:\n  - ../../../../../target/mesh-render/registry\n"), plain);
        String with = Kustomize.kustomization(dir, root, Mesh.ISTIO, List.of("observability"), "ignored.example");
        assertTrue(with.contains("  - ../../../../components/observability\n  - ../../../../../target/mesh-render/registry\n"), with);
        assertFalse(with.contains("images:"), "the recorded registry wins: " + with);
    }

    /** COMPONENTS recorded by make (workshop-small): in every render, before the toggled ones, once; none without the record. */
    @Test
    void componentsRecordedByMakeAreIncludedInEveryRender(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path dir = root.resolve("mesh/scenarios/target/render/x");
        for (String c : List.of("observability", "workshop-small", "entry-loadbalancer")) {
            java.nio.file.Files.createDirectories(root.resolve("mesh/components").resolve(c));
        }
        String before = Kustomize.kustomization(dir, root, Mesh.ISTIO, List.of("observability"), "");
        assertFalse(before.contains("workshop-small"), "control, nothing recorded: " + before);
        java.nio.file.Files.createDirectories(root.resolve("target/mesh-render"));
        java.nio.file.Files.writeString(root.resolve(Kustomize.RECORDED_COMPONENTS),
                "# Written by make (mk/mesh.mk) from COMPONENTS\nworkshop-small\n\nentry-loadbalancer\n");
        assertEquals(List.of("workshop-small", "entry-loadbalancer"), Kustomize.recordedComponents(root));
        String reset = Kustomize.kustomization(dir, root, Mesh.ISTIO, List.of(), "");
        assertTrue(reset.contains("components:\n  - ../../../../components/workshop-small\n  - ../../../../components/entry-loadbalancer\n"), reset);
        String toggled = Kustomize.kustomization(dir, root, Mesh.ISTIO, List.of("observability", "workshop-small"), "");
        assertTrue(toggled.contains("  - ../../../../components/workshop-small\n  - ../../../../components/entry-loadbalancer\n"
                + "  - ../../../../components/observability\n"), toggled);
        assertEquals(1, toggled.split("workshop-small", -1).length - 1, "once: " + toggled);
    }

    /** The recorded profile in a real render: a toggle keeps one replica per service, the control without it has two. */
    @Test
    void aToggleWithTheRecordedProfileKeepsOneReplica() {
        List<HasMetadata> profile = Kustomize.render(ROOT, Mesh.ISTIO, List.of("workshop-small", "istio-timeout"), "");
        List<HasMetadata> control = Kustomize.render(ROOT, Mesh.ISTIO, List.of("istio-timeout"), "");
        java.util.function.Function<List<HasMetadata>, Set<Integer>> replicas = r -> r.stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .filter(d -> "service".equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .map(d -> d.getSpec().getReplicas()).collect(Collectors.toSet());
        assertEquals(Set.of(1), replicas.apply(profile));
        assertEquals(Set.of(2), replicas.apply(control));
    }

    @Test
    void theKustomizationNamesEverythingRelatively() {
        Path dir = ROOT.resolve("mesh/scenarios/target/render/x");
        String k = Kustomize.kustomization(dir, ROOT, Mesh.ISTIO, List.of("observability"), "");
        assertTrue(k.contains("  - ../../../../overlays/istio\n"), k);
        assertTrue(k.contains("  - ../../../../components/observability\n"), k);
        assertFalse(k.contains("images:"));
    }

    @Test
    void anUnknownComponentIsAClearError() {
        Precondition e = org.junit.jupiter.api.Assertions.assertThrows(Precondition.class,
                () -> Kustomize.render(ROOT, Mesh.ISTIO, List.of("no-such-thing"), ""));
        assertEquals("no component mesh/components/no-such-thing", e.getMessage());
    }

    /** STEP=...: renders start from that workshop step (phase 3's features without phase 4's policies); plain ignores it. */
    @Test
    void aWorkshopStepReplacesTheOverlayAsTheBase() {
        Path dir = ROOT.resolve("mesh/scenarios/target/render/x");
        try {
            Kustomize.useStep("phase-3-canary");
            String k = Kustomize.kustomization(dir, ROOT, Mesh.ISTIO, List.of("istio-mirroring"), "");
            assertTrue(k.contains("  - ../../../../workshop/istio/phase-3-canary\n"), k);
            assertFalse(k.contains("overlays/istio"), k);
            assertTrue(Kustomize.kustomization(dir, ROOT, Mesh.PLAIN, List.of(), "").contains("overlays/plain"));
            Set<String> kinds = Kustomize.render(ROOT, Mesh.ISTIO, List.of(), "").stream().map(HasMetadata::getKind)
                    .collect(Collectors.toSet());
            assertTrue(kinds.contains("VirtualService"), kinds.toString());
            assertFalse(kinds.contains("AuthorizationPolicy") || kinds.contains("PeerAuthentication"), "phase 3 has no security policy: " + kinds);
            Kustomize.useStep("phase-9-nonsense");
            Precondition e = org.junit.jupiter.api.Assertions.assertThrows(Precondition.class,
                    () -> Kustomize.render(ROOT, Mesh.LINKERD, List.of(), ""));
            assertTrue(e.getMessage().contains("no workshop step mesh/workshop/linkerd/phase-9-nonsense"), e.getMessage());
            Kustomize.useStep("  ");
            assertEquals(null, Kustomize.step(), "blank (make's empty STEP=) is no step");
        } finally {
            Kustomize.useStep(null);
        }
    }
}
