package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandsTest {
    @Test
    void halfWidthIsFourSigmaOfTheBinomial() {
        assertEquals(0.0379, Bands.halfWidth(0.1, 1000), 1e-4);
        assertEquals(0.1414, Bands.halfWidth(0.5, 200), 1e-4);
        assertEquals(0.0716, Bands.halfWidth(0.2, 500), 1e-4);
        assertEquals(0.0, Bands.halfWidth(1.0, 10), 0.0);
    }

    @Test
    void withinTheBandAndJustOutside() {
        assertTrue(Bands.within(new Bands.Share(100, 1000), 0.1));
        assertTrue(Bands.within(new Bands.Share(137, 1000), 0.1));
        assertTrue(Bands.within(new Bands.Share(63, 1000), 0.1));
        assertFalse(Bands.within(new Bands.Share(139, 1000), 0.1));
        assertFalse(Bands.within(new Bands.Share(61, 1000), 0.1));
        assertFalse(Bands.within(new Bands.Share(500, 1000), 0.1), "the pod share of the control is far outside the canary band");
    }

    @Test
    void anEmptySampleNeverPasses() {
        assertFalse(Bands.within(new Bands.Share(0, 0), 0.0));
        assertFalse(Bands.atLeast(new Bands.Share(0, 0), 0.0));
        assertFalse(Bands.atMost(new Bands.Share(0, 0), 1.0));
    }

    @Test
    void thresholds() {
        assertTrue(Bands.atLeast(new Bands.Share(970, 1000), 0.97));
        assertFalse(Bands.atLeast(new Bands.Share(969, 1000), 0.97));
        assertTrue(Bands.atMost(new Bands.Share(10, 1000), 0.01));
    }

    @Test
    void impossibleSharesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Bands.Share(5, 4));
        assertThrows(IllegalArgumentException.class, () -> new Bands.Share(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> Bands.halfWidth(0.5, 0));
    }

    @Test
    void theDescriptionStatesNAndTheBand() {
        assertEquals("0.10 +- 0.038 (n=1000, 4 sigma binomial, false failure ~6e-5)", Bands.describe(0.1, 1000));
    }
}
