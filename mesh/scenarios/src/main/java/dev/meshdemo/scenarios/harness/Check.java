package dev.meshdemo.scenarios.harness;

/**
 * One verdict: what was expected, what was observed and, for a check of a mesh feature, the control it was
 * compared with (null only for checks that are not a feature's proof: preconditions, clean-up, plain baselines).
 */
public record Check(String step, String name, boolean passed, String expected, Observation observed,
                    Observation control, String reason, double seconds) {

    public String line() {
        StringBuilder b = new StringBuilder(passed ? "PASS " : "FAIL ").append(name);
        if (observed != null) {
            b.append("  observed ").append(observed);
        }
        if (control != null) {
            b.append(" | control ").append(control);
        }
        if (expected != null && !expected.isEmpty()) {
            b.append(" | expected ").append(expected);
        }
        if (!passed && reason != null && !reason.isEmpty()) {
            b.append(" | ").append(reason);
        }
        return b.toString();
    }
}
