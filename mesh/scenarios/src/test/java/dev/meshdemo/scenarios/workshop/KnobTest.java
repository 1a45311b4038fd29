package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.common.faults.AdminFaultsResource.FaultUpdate;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `make knob`: what the environment asks for, and clear errors before any pod is touched. */
class KnobTest {
    @Test
    void namedFieldsOnlyTheRestKept() {
        assertEquals(new FaultUpdate(0.3, null, null, "/products.*"),
                Knob.fromEnvironment(Map.of("ERROR_RATE", "0.3", "DELAY_MS", "", "PATHS", "/products.*")));
        assertEquals(new FaultUpdate(null, 3000L, 1.0, null), Knob.fromEnvironment(Map.of("DELAY_MS", " 3000 ", "DELAY_RATE", "1")));
        assertEquals(new FaultUpdate(0.0, null, null, null), Knob.fromEnvironment(Map.of("ERROR_RATE", "0")));
    }

    @Test
    void badValuesAreRefused() {
        for (Map<String, String> env : java.util.List.of(Map.<String, String>of(), Map.of("ERROR_RATE", ""),
                Map.of("ERROR_RATE", "1.5"), Map.of("ERROR_RATE", "-0.1"), Map.of("ERROR_RATE", "NaN"),
                Map.of("ERROR_RATE", "0,3"), Map.of("ERROR_RATE", "30%"), Map.of("DELAY_MS", "1.5"),
                Map.of("DELAY_MS", "-1"), Map.of("DELAY_MS", "٣٠٠"), Map.of("DELAY_RATE", "2"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Knob.fromEnvironment(env), env.toString());
            assertTrue(e.getMessage().matches(".*(ERROR_RATE|DELAY_MS|DELAY_RATE|PATHS).*"), e.getMessage());
        }
    }

    @Test
    void anUnknownServiceIsAUsageError() {
        assertThrows(IllegalArgumentException.class, () -> Knob.run(null, java.util.List.of("no-such-service"), Map.of("ERROR_RATE", "0.3")));
        assertThrows(IllegalArgumentException.class, () -> Knob.run(null, java.util.List.of(), Map.of("ERROR_RATE", "0.3")));
    }

    /** `make knob` passes no MESH: the command still reaches the knob's own checks (exit 2 on a bad value, not a MESH error). */
    @Test
    void noMeshIsNeeded() {
        assertTrue(dev.meshdemo.scenarios.Main.anyMeshSettings().mesh() != null);
    }
}
