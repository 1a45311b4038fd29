package dev.meshdemo.common.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {

    @Test
    void emptyPathsMatchNothing() {
        FaultSettings settings = FaultSettings.of(1, 0, 0, "");
        assertFalse(settings.active());
        assertFalse(settings.appliesTo("/products/1"));
    }

    @Test
    void pathsIsAWholePathRegex() {
        FaultSettings settings = FaultSettings.of(0.5, 0, 0, "/products.*");
        assertTrue(settings.appliesTo("/products"));
        assertTrue(settings.appliesTo("/products/7"));
        assertFalse(settings.appliesTo("/cart/products"));
    }

    @Test
    void rejectsEveryInvalidFieldAtOnce() {
        InvalidFaultSettingsException e = assertThrows(InvalidFaultSettingsException.class,
                () -> FaultSettings.of(1.5, -1, Double.NaN, "(unclosed"));
        assertEquals(Set.of("errorRate", "delayMs", "delayRate", "paths"), e.problem().errors().keySet());
        assertEquals(400, e.problem().status());
    }

    @Test
    void acceptsTheBounds() {
        FaultSettings.of(0, 0, 0, "");
        FaultSettings.of(1, FaultSettings.MAX_DELAY_MS, 1, ".*");
    }

    @Test
    void probesMetricsAndAdminAreExempt() {
        for (String path : new String[] {"/health", "/ready", "/q/health/ready", "/q/metrics", "/admin/faults"}) {
            assertTrue(FaultKnobs.exempt(path), path);
        }
        assertFalse(FaultKnobs.exempt("/products/1"));
        assertFalse(FaultKnobs.exempt("/healthy-snacks"));
        assertFalse(FaultKnobs.exempt("/administrators"));
    }
}
