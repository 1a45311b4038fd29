package dev.meshdemo.scenarios.harness;

import java.util.ArrayList;
import java.util.List;

/** What each scenario of this run reported, for the summary table. */
public final class RunRegistry {
    /** notOffered: why the mesh does not offer the feature (then no check ran, and that is the answer), else null. */
    public record Summary(String scenario, long passed, long failed, double seconds, String notOffered) {
        public Summary(String scenario, long passed, long failed, double seconds) {
            this(scenario, passed, failed, seconds, null);
        }

        public boolean ok() {
            return failed == 0 && (passed > 0 || notOffered != null);
        }

        /** A scenario that recorded nothing and did not say "not offered" counts as one failure. */
        long failures() {
            return failed == 0 && passed == 0 && notOffered == null ? 1 : failed;
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

    /**
     * The table, then `N passed, N failed` (a scenario that recorded nothing counts as one failure, unless the mesh
     * does not offer its feature: result "not offered").
     */
    public static String table(List<Summary> summaries) {
        StringBuilder b = new StringBuilder(String.format("%-18s %7s %7s %9s  %s%n", "scenario", "passed", "failed", "seconds", "result"));
        long passed = 0;
        long failed = 0;
        for (Summary s : summaries) {
            long f = s.failures();
            String result = f > 0 ? "FAILED" : s.passed() == 0 ? "not offered" : "ok";
            b.append(String.format(java.util.Locale.ROOT, "%-18s %7d %7d %9.1f  %s%n", s.scenario(), s.passed(), f,
                    s.seconds(), result));
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
