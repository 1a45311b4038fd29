package dev.meshdemo.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.hyperfoil.api.config.Benchmark;
import io.hyperfoil.api.config.Model;
import io.hyperfoil.api.config.Phase;
import io.hyperfoil.api.session.PhaseInstance;
import io.hyperfoil.api.statistics.StatisticsSnapshot;
import io.hyperfoil.core.impl.LocalBenchmarkData;
import io.hyperfoil.core.impl.LocalSimulationRunner;
import io.hyperfoil.core.parser.BenchmarkParser;
import io.hyperfoil.core.parser.ParserException;
import io.hyperfoil.http.config.Http;
import io.hyperfoil.http.config.HttpPluginConfig;

/**
 * Runs one Hyperfoil benchmark in this JVM (Hyperfoil's own {@link LocalSimulationRunner}, the engine behind
 * its maven plugin) and keeps what the maven plugin throws away: the raw HdrHistograms per phase, metric and
 * statistics interval, the session-pool figures and whether the open model ever ran out of sessions.
 */
public final class HyperfoilRunner {

    /** Everything one run produced, per phase. Times are epoch milliseconds, latencies nanoseconds. */
    public record Outcome(Benchmark benchmark, Map<String, String> effectiveParams, Map<String, PhaseOutcome> phases,
                          long startMillis, long endMillis) {
        public PhaseOutcome phase(String name) {
            PhaseOutcome phase = phases.get(name);
            if (phase == null) {
                throw new IllegalArgumentException("benchmark " + benchmark.name() + " has no phase '" + name
                        + "' (phases: " + phases.keySet() + ")");
            }
            return phase;
        }
    }

    /**
     * One phase: its definition, the statistics per metric (all intervals added up) and per interval.
     * {@code droppedSessions} counts arrivals the open model could not start because every session was busy;
     * {@code sessionLimitExceeded} is true when any arrival had to wait for a session (its latency then misses
     * that wait, so the run no longer corrects coordinated omission and is flagged).
     */
    public record PhaseOutcome(Phase definition, Map<String, StatisticsSnapshot> metrics,
                               Map<String, TreeMap<Integer, StatisticsSnapshot>> intervals,
                               boolean sessionLimitExceeded, long droppedSessions, int maxSessionsUsed,
                               long startMillis, long finishMillis) {

        /** All metrics of the phase added together. */
        public StatisticsSnapshot total() {
            StatisticsSnapshot total = new StatisticsSnapshot();
            metrics.values().forEach(total::add);
            return total;
        }

        /** Requested arrivals per second of an open-model phase; NaN for a closed-model phase. */
        public double requestedUsersPerSec() {
            if (definition.model instanceof Model.ConstantRate rate) {
                return rate.usersPerSec;
            }
            return Double.NaN;
        }

        public boolean openModel() {
            return definition.model instanceof Model.OpenModel;
        }

        public int maxSessions() {
            return definition.model instanceof Model.OpenModel open ? open.maxSessions : -1;
        }
    }

    private HyperfoilRunner() {
    }

    /** Parses a benchmark template with the given parameters; parameters left out take the file's defaults. */
    public static Benchmark parse(Path benchmarkFile, Map<String, String> params) {
        try (InputStream in = Files.newInputStream(benchmarkFile)) {
            return BenchmarkParser.instance().buildBenchmark(in, new LocalBenchmarkData(benchmarkFile), params);
        } catch (ParserException | IOException e) {
            throw new IllegalArgumentException("cannot parse " + benchmarkFile + ": " + e.getMessage(), e);
        }
    }

    public static Outcome run(Path benchmarkFile, Map<String, String> params) {
        Benchmark benchmark = parse(benchmarkFile, params);
        Map<String, String> effective = new TreeMap<>();
        benchmark.source().paramsWithDefaults.forEach((k, v) -> {
            if (v != null) {
                effective.put(k, v);
            }
        });
        effective.putAll(params);
        return run(benchmark, effective);
    }

    public static Outcome run(Benchmark benchmark, Map<String, String> effectiveParams) {
        Map<String, Map<String, StatisticsSnapshot>> metrics = new ConcurrentHashMap<>();
        Map<String, Map<String, TreeMap<Integer, StatisticsSnapshot>>> intervals = new ConcurrentHashMap<>();
        Map<String, Integer> maxSessionsUsed = new ConcurrentHashMap<>();
        Map<String, Boolean> limitExceeded = new ConcurrentHashMap<>();
        Map<String, long[]> phaseTimes = new ConcurrentHashMap<>();
        Map<String, Long> dropped = new ConcurrentHashMap<>();

        RecordingRunner runner = new RecordingRunner(benchmark,
                (phase, stepId, metric, snapshot, countDown) -> {
                    synchronized (metrics) {
                        metrics.computeIfAbsent(phase.name(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(metric, k -> new StatisticsSnapshot()).add(snapshot);
                        intervals.computeIfAbsent(phase.name(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(metric, k -> new TreeMap<>())
                                .computeIfAbsent(snapshot.sequenceId, k -> new StatisticsSnapshot()).add(snapshot);
                    }
                },
                (phase, min, max) -> maxSessionsUsed.merge(phase, max, Math::max),
                limitExceeded, phaseTimes, dropped);
        long start = System.currentTimeMillis();
        runner.run();
        long end = System.currentTimeMillis();

        Map<String, PhaseOutcome> phases = new LinkedHashMap<>();
        for (Phase phase : benchmark.phases()) {
            long[] times = phaseTimes.getOrDefault(phase.name(), new long[] {0, 0});
            phases.put(phase.name(), new PhaseOutcome(phase,
                    metrics.getOrDefault(phase.name(), Map.of()),
                    intervals.getOrDefault(phase.name(), Map.of()),
                    limitExceeded.getOrDefault(phase.name(), false),
                    dropped.getOrDefault(phase.name(), 0L),
                    maxSessionsUsed.getOrDefault(phase.name(), 0),
                    times[0], times[1]));
        }
        return new Outcome(benchmark, effectiveParams, phases, start, end);
    }

    /** The default HTTP target of a benchmark (host, port, connections). */
    public static Http defaultHttp(Benchmark benchmark) {
        HttpPluginConfig http = benchmark.plugin(HttpPluginConfig.class);
        return http == null ? null : http.defaultHttp();
    }

    /** Hyperfoil's local runner, also noting when each phase ran and whether it hit its session limit. */
    private static final class RecordingRunner extends LocalSimulationRunner {
        private final Map<String, Boolean> limitExceeded;
        private final Map<String, long[]> phaseTimes;
        private final Map<String, Long> dropped;

        RecordingRunner(Benchmark benchmark,
                        io.hyperfoil.core.impl.statistics.StatisticsCollector.StatisticsConsumer statsConsumer,
                        io.hyperfoil.core.impl.SessionStatsConsumer sessionStats,
                        Map<String, Boolean> limitExceeded, Map<String, long[]> phaseTimes, Map<String, Long> dropped) {
            super(benchmark, statsConsumer, sessionStats, null);
            this.limitExceeded = limitExceeded;
            this.phaseTimes = phaseTimes;
            this.dropped = dropped;
        }

        @Override
        protected CompletableFuture<Void> phaseChanged(Phase phase, PhaseInstance.Status status,
                                                       boolean sessionLimitExceeded, Throwable error) {
            long now = System.currentTimeMillis();
            if (status == PhaseInstance.Status.RUNNING) {
                phaseTimes.computeIfAbsent(phase.name(), k -> new long[2])[0] = now;
            } else if (status == PhaseInstance.Status.FINISHED) {
                phaseTimes.computeIfAbsent(phase.name(), k -> new long[2])[1] = now;
                // Arrivals still waiting for a session when the phase stops are never started: dropped.
                dropped.put(phase.name(), throttledUsers(instances().get(phase.name())));
            }
            if (sessionLimitExceeded) {
                limitExceeded.put(phase.name(), true);
            }
            return super.phaseChanged(phase, status, sessionLimitExceeded, error);
        }
    }

    /**
     * Hyperfoil 0.25.2 counts the arrivals it had to hold back for lack of a free session in a protected field of
     * its open-model phase and exposes no getter; it is read here only to report them as dropped.
     */
    static long throttledUsers(PhaseInstance instance) {
        if (instance == null) {
            return 0;
        }
        for (Class<?> type = instance.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("throttledUsers");
                field.setAccessible(true);
                return ((java.util.concurrent.atomic.AtomicLong) field.get(instance)).get();
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | ClassCastException e) {
                return -1;
            }
        }
        return 0;
    }

    /** Names of the phases of a benchmark, in definition order (warm-up first). */
    public static List<String> phaseNames(Benchmark benchmark) {
        List<String> names = new ArrayList<>();
        benchmark.phases().forEach(p -> names.add(p.name()));
        return names;
    }
}
