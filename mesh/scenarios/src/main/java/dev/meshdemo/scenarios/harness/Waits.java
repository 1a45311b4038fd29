package dev.meshdemo.scenarios.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for the cluster to converge: exponential backoff (0.25 s doubling to 5 s) within a deadline. */
public final class Waits {
    static final long FIRST_DELAY_MS = 250;
    static final long MAX_DELAY_MS = 5_000;

    private Waits() {
    }

    /**
     * Polls until the condition holds or the deadline passes; an exception thrown by the condition counts as
     * "not yet". Returns whether it held. The last attempt happens at the deadline, never after it.
     */
    public static boolean until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long delay = FIRST_DELAY_MS;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not there yet (a port-forward restarting, a pod terminating): try again
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                System.err.printf("   gave up waiting for %s after %d attempts (%d s)%n", what, attempts,
                        timeout.toSeconds());
                return false;
            }
            sleep(Math.min(delay, left));
            delay = Math.min(delay * 2, MAX_DELAY_MS);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
