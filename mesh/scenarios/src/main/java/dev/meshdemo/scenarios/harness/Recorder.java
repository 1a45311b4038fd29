package dev.meshdemo.scenarios.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one place a verdict is made, printed and kept: one line per check (PASS/FAIL, what was observed, the
 * control beside it, what was expected), grouped by named steps.
 */
public final class Recorder {
    private final String scenario;
    private final PrintStream out;
    private final List<Check> checks = new ArrayList<>();
    private final long started = System.nanoTime();
    private String step = "setup";
    private long lastMark = System.nanoTime();

    private String notOffered;

    public Recorder(String scenario, PrintStream out) {
        this.scenario = scenario;
        this.out = out;
    }

    public String scenario() {
        return scenario;
    }

    public synchronized void step(String name) {
        step = name;
        lastMark = System.nanoTime();
        out.printf("== %s: %s%n", scenario, name);
    }

    public synchronized String currentStep() {
        return step;
    }

    public synchronized Check record(String name, boolean passed, String expected, Observation observed,
                                     Observation control, String reason) {
        long now = System.nanoTime();
        Check c = new Check(step, name, passed, expected, observed, control, reason, (now - lastMark) / 1e9);
        lastMark = now;
        checks.add(c);
        out.println(c.line());
        out.flush();
        return c;
    }

    /**
     * The mesh does not offer the feature: one line, no check (nothing to measure), and the summary says
     * "not offered" instead of counting a scenario that recorded nothing as failed.
     */
    public synchronized void notOffered(String mesh, String why) {
        notOffered = "not offered by " + mesh + ": " + why;
        out.printf("NOT OFFERED %s%n", notOffered.substring("not offered ".length()));
        out.flush();
    }

    public synchronized String notOffered() {
        return notOffered;
    }

    public boolean pass(String name, String observed) {
        return record(name, true, null, Observation.of("", observed), null, "").passed();
    }

    public boolean fail(String name, String reason) {
        return record(name, false, null, null, null, reason).passed();
    }

    /** A check without a control: preconditions, plain baselines, things that are not a mesh feature. */
    public boolean check(String name, boolean ok, String expected, String observed) {
        return record(name, ok, expected, Observation.of("", observed), null, ok ? "" : "not as expected").passed();
    }

    public boolean equal(String name, Object expected, Object actual, String context) {
        boolean ok = Objects.equals(String.valueOf(expected), String.valueOf(actual));
        return check(name, ok, "'" + expected + "'", "'" + actual + "'" + (context == null ? "" : " (" + context + ")"));
    }

    /** A share within its binomial band around p. */
    public boolean share(String name, Bands.Share s, double p, String context) {
        boolean ok = Bands.within(s, p);
        return check(name, ok, Bands.describe(p, Math.max(1, s.n())), s + (context == null ? "" : " " + context));
    }

    /**
     * A feature's proof: the treatment against the control measured in the same run ({@link Contrast}); both
     * measurements go into the result.
     */
    public <T> boolean contrast(String name, Prediction<T> withFeature, String treatmentCondition, T treatment,
                                Prediction<T> withoutFeature, String controlCondition, T control,
                                Function<T, String> describe) {
        Contrast.Verdict v = Contrast.evaluate(withFeature, treatment, withoutFeature, control);
        String expected = withFeature.text() + " with the feature; " + withoutFeature.text() + " without";
        return record(name, v.passed(), expected,
                Observation.of(treatmentCondition, treatment == null ? "none" : describe.apply(treatment)),
                Observation.of(controlCondition, control == null ? "none" : describe.apply(control)),
                v.reason()).passed();
    }

    public synchronized List<Check> checks() {
        return List.copyOf(checks);
    }

    public synchronized long passed() {
        return checks.stream().filter(Check::passed).count();
    }

    public synchronized long failed() {
        return checks.stream().filter(c -> !c.passed()).count();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Failures recorded since index from (a step's own). */
    public synchronized List<Check> failuresSince(int from) {
        return checks.subList(from, checks.size()).stream().filter(c -> !c.passed()).toList();
    }

    public synchronized int size() {
        return checks.size();
    }
}
