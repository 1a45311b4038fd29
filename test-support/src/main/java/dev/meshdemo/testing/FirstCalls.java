package dev.meshdemo.testing;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The first calls of a freshly started service that calls others: cold class loading and JIT can make them
 * exceed the client's timeout (a 503), most of all in an AOT training run on a busy machine. Tests that are
 * about what a warm service answers wait for the first success, then assert strictly.
 */
public final class FirstCalls {

    private FirstCalls() {
    }

    /** Repeats {@code call} (returning an HTTP status) until it answers {@code expected}, for at most {@code within}. */
    public static void awaitStatus(int expected, Duration within, IntSupplier call) {
        long deadline = System.nanoTime() + within.toNanos();
        int last;
        do {
            last = call.getAsInt();
            if (last == expected) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a " + expected, e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + expected + " within " + within + ", last answer " + last);
    }
}
