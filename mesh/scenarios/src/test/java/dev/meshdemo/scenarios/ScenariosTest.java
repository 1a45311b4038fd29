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
        Scenarios.PHASES.values().forEach(l -> assertTrue(Scenarios.ALL.containsAll(l), l.toString()));
    }

    @Test
    void makeKnowsTheSameNames() throws Exception {
        String mk = Files.readString(Settings.repoRoot("").resolve("mk/scenarios.mk"));
        Matcher m = Pattern.compile("(?m)^SCENARIO_NAMES := (.*)$").matcher(mk);
        assertTrue(m.find());
        List<String> expected = new ArrayList<>(Scenarios.ALL);
        expected.add("status");
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
