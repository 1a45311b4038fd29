package dev.meshdemo.scenarios;

import dev.meshdemo.scenarios.harness.Scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one table of scenarios: make's names, their classes, the local ones, and the workshop's phases. */
public final class Scenarios {
    private static final String PACKAGE = "dev.meshdemo.scenarios.feature.";
    /** Every feature scenario in the order `make scenarios` runs them. */
    public static final List<String> ALL = List.of("routing", "canary", "mtls", "authz", "retries", "timeouts", "faults",
            "circuit-breaking", "tracing", "idempotency", "mirroring", "gamma", "end-user-auth", "egress", "rate-limit",
            "connection-pool");
    /**
     * Scenarios only a workshop check runs: they test one phase's state, not a feature of the full overlay (identity:
     * phase 2's "every caller named, nothing refused yet", which the full overlay's authorization rightly breaks).
     */
    public static final List<String> PHASE_ONLY = List.of("identity");
    /**
     * The multi-cluster scenarios (make scenarios-multicluster MESH=istio|linkerd): two clusters, east and west
     * (mk/multicluster.mk), so neither `make scenarios` nor a phase check runs them.
     */
    public static final List<String> MULTICLUSTER = List.of("multicluster-identity", "multicluster-failover",
            "multicluster-latency");
    /** The mesh-independent ones `make scenarios-local` (and `make test`) run against the local suite. */
    public static final List<String> LOCAL = List.of("routing", "mtls", "retries", "idempotency");
    /** Workshop phase -> the scenarios its check runs (after status). The phase pages quote these. */
    public static final Map<Integer, List<String>> PHASES = phases();
    /**
     * Workshop phase -> the step of mesh/workshop/MESH the cluster is at when the phase is done: its check renders
     * (and restores what scenarios change) from there. Phase 6 adds the observability component on top of
     * phase 5's step, so its check starts from phase-5-resilience and switches the component itself.
     */
    public static final Map<Integer, String> CHECK_STEP = Map.of(2, "phase-2-inject", 3, "phase-3-canary",
            4, "phase-4-authorization", 5, "phase-5-resilience", 6, "phase-5-resilience");
    /** Workshop phase -> the step a reset brings the cluster to: where the previous phase ended. */
    public static final Map<Integer, String> START_STEP = Map.of(3, "phase-2-inject", 4, "phase-3-canary",
            5, "phase-4-authorization", 6, "phase-5-resilience");

    private Scenarios() {
    }

    private static Map<Integer, List<String>> phases() {
        Map<Integer, List<String>> m = new LinkedHashMap<>();
        m.put(1, List.of("routing", "mtls"));
        m.put(2, List.of("identity"));
        m.put(3, List.of("routing", "canary"));
        m.put(4, List.of("mtls", "authz"));
        m.put(5, List.of("retries", "timeouts", "circuit-breaking", "faults"));
        m.put(6, List.of("tracing"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The class of a scenario name: circuit-breaking -> CircuitBreakingScenario. */
    public static Class<?> classOf(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        try {
            Class<?> c = Class.forName(PACKAGE + b + "Scenario");
            Scenario s = c.getAnnotation(Scenario.class);
            if (s == null || !s.value().equals(name)) {
                throw new IllegalArgumentException("no scenario " + name);
            }
            return c;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no scenario '" + name + "' (known: " + ALL + ")");
        }
    }
}
