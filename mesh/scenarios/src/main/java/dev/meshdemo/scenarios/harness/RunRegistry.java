package dev.meshdemo.scenarios.harness;

import java.util.ArrayList;
import java.util.List;

/** What each scenario of this run reported, for the summary table. */
public final class RunRegistry {
    public record Summary(String scenario, long passed, long failed, double seconds) {
        public boolean ok() {
            return failed == 0 && passed > 0;
        }
    }

    private static final List<Summary> SUMMARIES = new ArrayList<>();

    private RunRegistry() {
    }

    public static synchronized void add(Summary s) {
        SUMMARIES.add(s);
    }

    public static synchronized List<Summary> all() {
        return List.copyOf(SUMMARIES);
    }

    public static synchronized void clear() {
        SUMMARIES.clear();
    }

    /** The table, then `N passed, N failed` (a scenario that recorded nothing counts as one failure). */
    public static String table(List<Summary> summaries) {
        StringBuilder b = new StringBuilder(String.format("%-18s %7s %7s %9s  %s%n", "scenario", "passed", "failed", "seconds", "result"));
        long passed = 0;
        long failed = 0;
        for (Summary s : summaries) {
            long f = s.failed() == 0 && s.passed() == 0 ? 1 : s.failed();
            b.append(String.format(java.util.Locale.ROOT, "%-18s %7d %7d %9.1f  %s%n", s.scenario(), s.passed(), f,
                    s.seconds(), f == 0 ? "ok" : "FAILED"));
            passed += s.passed();
            failed += f;
        }
        return b.append(passed).append(" passed, ").append(failed).append(" failed").toString();
    }

    public static boolean allOk(List<Summary> summaries) {
        return !summaries.isEmpty() && summaries.stream().allMatch(Summary::ok);
    }

    static List<Summary> copy() {
        return new ArrayList<>(all());
    }
}
