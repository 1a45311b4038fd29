package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitsTest {
    @Test
    void givesUpAtTheDeadline() {
        long start = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        assertFalse(Waits.until("never", Duration.ofMillis(1200), () -> {
            attempts.incrementAndGet();
            return false;
        }));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 1100 && ms < 3000, "took " + ms + " ms");
        // 0.25 s doubling: attempts at 0, 0.25, 0.75, then the deadline
        assertTrue(attempts.get() >= 3 && attempts.get() <= 5, attempts + " attempts");
    }

    @Test
    void returnsAsSoonAsTheConditionHoldsAndTreatsErrorsAsNotYet() {
        AtomicInteger attempts = new AtomicInteger();
        assertTrue(Waits.until("third time", Duration.ofSeconds(10), () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("port-forward restarting");
            }
            return attempts.get() >= 3;
        }));
        assertTrue(attempts.get() == 3);
    }
}
