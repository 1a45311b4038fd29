package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Renders every overlay, and every overlay with each component that fits it, and runs every check on it. */
class OverlaysTest {

    @BeforeAll
    static void explainSources() {
        Validation.PORT_NOTES.forEach(n -> System.out.println("[mesh validation] " + n));
        System.out.println("[mesh validation] CRD schemas from " + CrdSchemas.load().dir());
    }

    static List<String[]> combinations() {
        List<String[]> combos = new ArrayList<>();
        for (String overlay : Kustomize.OVERLAYS) {
            combos.add(new String[] {overlay, null});
            for (String component : Kustomize.componentsFor(overlay)) {
                combos.add(new String[] {overlay, component});
            }
        }
        return combos;
    }

    @TestFactory
    Stream<DynamicNode> everyRender() {
        return combinations().stream().map(c -> {
            Supplier<Render> render = () -> c[1] == null ? Kustomize.overlay(c[0]) : Kustomize.withComponent(c[0], c[1]);
            String label = c[1] == null ? c[0] : c[0] + " + " + c[1];
            return DynamicContainer.dynamicContainer(label, Validation.CHECKS.entrySet().stream().map(check ->
                    DynamicTest.dynamicTest(check.getKey(), () -> {
                        List<String> errors = check.getValue().apply(render.get());
                        assertTrue(errors.isEmpty(), label + " / " + check.getKey() + ":\n  " + String.join("\n  ", errors));
                    })));
        });
    }

    @Test
    void everyComponentIsRenderedWithSomeOverlay() {
        List<String> unused = new ArrayList<>();
        try (var dirs = java.nio.file.Files.list(Repo.mesh().resolve("components"))) {
            dirs.map(d -> d.getFileName().toString())
                    .filter(c -> Kustomize.OVERLAYS.stream().noneMatch(o -> Kustomize.componentsFor(o).contains(c)))
                    .forEach(unused::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(unused.isEmpty(), "components that fit no overlay: " + unused);
        assertTrue(combinations().size() >= 3 + 5 + 5 + 3, "expected every overlay and its components, got " + combinations().size());
    }
}
