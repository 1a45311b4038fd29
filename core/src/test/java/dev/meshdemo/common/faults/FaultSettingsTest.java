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

    @Test
    void catastrophicPatternsMatchInLinearTime() {
        FaultSettings settings = FaultSettings.of(1, 0, 0, "/((a+)+)+b");
        String path = "/" + "a".repeat(5_000);
        long start = System.nanoTime();
        boolean matched = settings.appliesTo(path);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertFalse(matched);
        // java.util.regex needs exponential time here (minutes for 30 characters); RE2 a few milliseconds.
        org.junit.jupiter.api.Assertions.assertTrue(tookMs < 1_000, "took " + tookMs + " ms");
    }

    @Test
    void pathsIsBoundedAndRe2Only() {
        InvalidFaultSettingsException tooLong = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidFaultSettingsException.class, () -> FaultSettings.of(0, 0, 0, "a".repeat(201)));
        org.junit.jupiter.api.Assertions.assertTrue(tooLong.problem().errors().containsKey("paths"));
        // Backreferences need backtracking: RE2 refuses them.
        org.junit.jupiter.api.Assertions.assertThrows(InvalidFaultSettingsException.class,
                () -> FaultSettings.of(0, 0, 0, "/(a)\\1"));
        FaultSettings.of(0, 0, 0, "a".repeat(200));
    }
}
