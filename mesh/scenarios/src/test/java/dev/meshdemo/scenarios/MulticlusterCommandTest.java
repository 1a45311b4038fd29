package dev.meshdemo.scenarios;

import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `multicluster NAME...|all` (make scenarios-multicluster): its names, its meshes, and make's target. */
class MulticlusterCommandTest {
    @Test
    void everyMulticlusterNameHasItsClassAndRunsOnlyThere() {
        for (String n : Scenarios.MULTICLUSTER) {
            Scenario s = Scenarios.classOf(n).getAnnotation(Scenario.class);
            assertEquals(n, s.value());
            assertFalse(s.local(), n + " needs two clusters");
            assertFalse(Scenarios.ALL.contains(n) || Scenarios.PHASE_ONLY.contains(n), n + " is not run by make scenarios or a phase check");
        }
    }

    @Test
    void namesDefaultToAllAndOnlyIstioOrLinkerd() {
        assertEquals(Scenarios.MULTICLUSTER, Main.multiclusterNames(Mesh.ISTIO, List.of()));
        assertEquals(Scenarios.MULTICLUSTER, Main.multiclusterNames(Mesh.LINKERD, List.of("all")));
        assertEquals(List.of("multicluster-failover"), Main.multiclusterNames(Mesh.LINKERD, List.of("multicluster-failover")));
        for (Mesh m : List.of(Mesh.PLAIN, Mesh.ISTIO_AMBIENT)) {
            assertThrows(IllegalArgumentException.class, () -> Main.multiclusterNames(m, List.of()), m.id());
        }
        assertThrows(IllegalArgumentException.class, () -> Main.multiclusterNames(Mesh.ISTIO, List.of("canary")));
        assertEquals(2, Main.run(new String[] {"multicluster", "no-such"}));
    }

    @Test
    void makeRunsThemWithBothContexts() throws Exception {
        String mk = Files.readString(Settings.repoRoot("").resolve("mk/multicluster.mk"));
        assertTrue(mk.contains("\nscenarios-multicluster: ## "), "the target with its help line");
        assertTrue(mk.contains("MC_CONTEXT_EAST='$(MC_CONTEXT_east)' MC_CONTEXT_WEST='$(MC_CONTEXT_west)' $(SCENARIOS) multicluster all"), mk);
    }
}
