package dev.meshdemo.scenarios;

import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenariosTest {
    @Test
    void everyNameHasItsClass() {
        for (String n : Scenarios.ALL) {
            assertEquals(n, Scenarios.classOf(n).getAnnotation(Scenario.class).value());
        }
        assertEquals("status", Scenarios.classOf("status").getAnnotation(Scenario.class).value());
        assertThrows(IllegalArgumentException.class, () -> Scenarios.classOf("no-such"));
    }

    @Test
    void theLocalOnesRunLocally() {
        for (String n : Scenarios.LOCAL) {
            assertTrue(Scenarios.classOf(n).getAnnotation(Scenario.class).local(), n);
        }
        for (String n : Scenarios.ALL) {
            if (!Scenarios.LOCAL.contains(n)) {
                assertTrue(!Scenarios.classOf(n).getAnnotation(Scenario.class).local(), n + " is local but not in LOCAL");
            }
        }
    }

    @Test
    void phasesRunKnownScenarios() {
        assertEquals(List.of(1, 2, 3, 4, 5, 6), List.copyOf(Scenarios.PHASES.keySet()));
        List<String> known = new ArrayList<>(Scenarios.ALL);
        known.addAll(Scenarios.PHASE_ONLY);
        Scenarios.PHASES.values().forEach(l -> assertTrue(known.containsAll(l), l.toString()));
        for (String n : Scenarios.PHASE_ONLY) {
            assertEquals(n, Scenarios.classOf(n).getAnnotation(Scenario.class).value());
            assertTrue(Scenarios.PHASES.values().stream().anyMatch(l -> l.contains(n)), n + " is run by some phase check");
        }
    }

    /** Each phase's check tests that phase's goal: phase 2 (injection only) runs nothing of phase 4 (mTLS, authz). */
    @Test
    void eachCheckTestsItsOwnPhase() {
        assertEquals(List.of("identity"), Scenarios.PHASES.get(2));
        for (int n : List.of(1, 2, 3)) {
            assertTrue(Scenarios.PHASES.get(n).stream().noneMatch(List.of("authz", "retries", "timeouts", "tracing")::contains),
                    "phase " + n + " runs a later phase's scenario: " + Scenarios.PHASES.get(n));
        }
        assertTrue(Scenarios.PHASES.get(3).contains("canary") && Scenarios.PHASES.get(4).contains("authz")
                && Scenarios.PHASES.get(5).contains("retries") && Scenarios.PHASES.get(6).contains("tracing"));
    }

    /** The steps a check starts from and a reset goes to exist for both meshes, and a reset goes where the previous phase ended. */
    @Test
    void checkAndResetStepsExist() {
        java.nio.file.Path root = Settings.repoRoot("");
        for (String mesh : List.of("istio", "istio-ambient", "linkerd")) {
            for (String step : Scenarios.CHECK_STEP.values()) {
                assertTrue(Files.isRegularFile(root.resolve("mesh/workshop/" + mesh + "/" + step + "/kustomization.yaml")), mesh + "/" + step);
            }
        }
        assertEquals(List.of(2, 3, 4, 5, 6), Scenarios.CHECK_STEP.keySet().stream().sorted().toList());
        for (int n = 3; n <= 6; n++) {
            assertEquals(Scenarios.CHECK_STEP.get(n - 1), Scenarios.START_STEP.get(n), "reset " + n + " = where phase " + (n - 1) + " ends");
        }
    }

    @Test
    void makeKnowsTheSameNames() throws Exception {
        String mk = Files.readString(Settings.repoRoot("").resolve("mk/scenarios.mk"));
        Matcher m = Pattern.compile("(?m)^SCENARIO_NAMES := (.*)$").matcher(mk);
        assertTrue(m.find());
        List<String> expected = new ArrayList<>(Scenarios.ALL);
        expected.add("status");
        expected.addAll(Scenarios.PHASE_ONLY);
        assertEquals(expected, List.of(m.group(1).trim().split("\\s+")));
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, Main.run(new String[0]));
        assertEquals(2, Main.run(new String[] {"nonsense"}));
        assertEquals(2, Main.run(new String[] {"phase", "check", "7"}));
        assertEquals(2, Main.run(new String[] {"phase", "check", "x"}));
        assertEquals(2, Main.run(new String[] {"feature", "on"}));
        assertEquals(2, Main.run(new String[] {"run", "no-such-scenario"}));
    }
}
