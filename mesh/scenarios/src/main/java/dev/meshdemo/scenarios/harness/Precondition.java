package dev.meshdemo.scenarios.harness;

/** A scenario cannot go on (no cluster, no pods, a knob unreadable): recorded as a FAIL, later steps skipped. */
public class Precondition extends RuntimeException {
    public Precondition(String message) {
        super(message);
    }

    public Precondition(String message, Throwable cause) {
        super(message, cause);
    }
}
