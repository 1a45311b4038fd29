package dev.meshdemo.scenarios;

import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.RunRegistry;
import dev.meshdemo.scenarios.harness.Settings;
import dev.meshdemo.scenarios.workshop.FeatureSwitch;
import dev.meshdemo.scenarios.workshop.Knob;
import dev.meshdemo.scenarios.workshop.LocalSuite;
import dev.meshdemo.scenarios.workshop.PhaseReset;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The harness's command line (what mk/scenarios.mk calls):
 * <pre>
 *   run NAME... | all        scenarios against the cluster (MESH=istio|linkerd|plain) or, with TARGET=local, the local suite
 *   local                    the mesh-independent scenarios against the suite of `make run`
 *   local-suite              start the local suite (scripts/run-local.sh), run `local` against it, stop it
 *   phase check|reset N      the workshop's checkpoints and resets
 *   feature on|off|list NAME the feature components, kept as switched (STEP=phase-N-...: on that workshop step)
 *   knob SERVICE             a fault knob (ERROR_RATE, DELAY_MS, DELAY_RATE, PATHS) on every pod of SERVICE
 *   multicluster NAME... | all  the multi-cluster scenarios over MC_CONTEXT_EAST and MC_CONTEXT_WEST (MESH=istio|linkerd)
 * </pre>
 * Ends with a summary table and `N passed, N failed`; exits 1 when anything failed, 2 on a usage error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            return usage("no command");
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        // STEP=phase-3-canary (make ... STEP=...): renders start from that workshop step, not the full overlay.
        Kustomize.useStep(System.getenv("STEP"));
        try {
            return switch (args[0]) {
                case "run" -> runScenarios(Settings.current(), rest.isEmpty() || rest.equals(List.of("all")) ? Scenarios.ALL : rest);
                case "local" -> runScenarios(localSettings(), Scenarios.LOCAL);
                case "local-suite" -> LocalSuite.run(localSettings());
                case "phase" -> phase(rest);
                case "feature" -> FeatureSwitch.run(Settings.current(), rest);
                case "knob" -> Knob.run(anyMeshSettings(), rest, System.getenv());
                case "multicluster" -> {
                    Settings s = Settings.current();
                    List<String> names = multiclusterNames(s.mesh(), rest);
                    System.out.printf("== multi-cluster scenarios (%s): %s%n", s.mesh().id(), names);
                    yield runScenarios(s, names);
                }
                default -> usage("unknown command " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
    }

    /** The local suite: TARGET=local whatever the environment says, MESH ignored. */
    static Settings localSettings() {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("TARGET", "local");
        return Settings.fromEnvironment(env);
    }

    /** A knob is set through port-forwards, whatever the mesh: MESH may be left out (then plain). */
    public static Settings anyMeshSettings() {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        if (env.getOrDefault("MESH", "").isBlank()) {
            env.put("MESH", "plain");
        }
        return Settings.fromEnvironment(env);
    }

    /** The multi-cluster scenarios to run: all of them by default; only for the two meshes installed over two clusters. */
    static List<String> multiclusterNames(dev.meshdemo.scenarios.harness.Mesh mesh, List<String> args) {
        if (mesh != dev.meshdemo.scenarios.harness.Mesh.ISTIO && mesh != dev.meshdemo.scenarios.harness.Mesh.LINKERD) {
            throw new IllegalArgumentException("multicluster needs MESH=istio or MESH=linkerd (got " + mesh.id() + ")");
        }
        if (args.isEmpty() || args.equals(List.of("all"))) {
            return Scenarios.MULTICLUSTER;
        }
        for (String n : args) {
            if (!Scenarios.MULTICLUSTER.contains(n)) {
                throw new IllegalArgumentException("no multi-cluster scenario '" + n + "' (one of " + Scenarios.MULTICLUSTER + ")");
            }
        }
        return args;
    }

    static int usage(String why) {
        System.err.println("error: " + why);
        System.err.println("usage: run NAME...|all | local | local-suite | phase check|reset 1..6 | feature on|off|list NAME... | knob SERVICE | multicluster NAME...|all");
        return 2;
    }

    /** Runs scenarios one after the other (a failing one does not stop the next), then the summary. */
    public static int runScenarios(Settings settings, List<String> names) {
        List<Class<?>> classes = new ArrayList<>();
        for (String n : names) {
            classes.add(Scenarios.classOf(n));
        }
        Settings.use(settings);
        RunRegistry.clear();
        Launcher launcher = LauncherFactory.create();
        List<RunRegistry.Summary> summaries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            launcher.execute(request().selectors(selectClass(classes.get(i))).build(), new ErrorsListener());
            String name = names.get(i);
            summaries.add(RunRegistry.all().stream().filter(s -> s.scenario().equals(name)).reduce((a, b) -> b)
                    .orElse(new RunRegistry.Summary(name, 0, 1, 0)));
            System.out.println();
        }
        System.out.println(RunRegistry.table(summaries));
        return RunRegistry.allOk(summaries) ? 0 : 1;
    }

    /** Shows what broke a scenario outside its checks (its class failed to load, a clean-up crashed). */
    static final class ErrorsListener implements org.junit.platform.launcher.TestExecutionListener {
        @Override
        public void executionFinished(org.junit.platform.launcher.TestIdentifier id,
                                      org.junit.platform.engine.TestExecutionResult result) {
            result.getThrowable().filter(t -> !(t instanceof org.opentest4j.AssertionFailedError)).ifPresent(t -> {
                System.out.println("ERROR " + id.getDisplayName() + ": " + t);
                for (StackTraceElement e : t.getStackTrace()) {
                    if (e.getClassName().startsWith("dev.meshdemo")) {
                        System.out.println("      at " + e);
                    }
                }
            });
        }
    }

    static int phase(List<String> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("phase check|reset N");
        }
        int n;
        try {
            n = Integer.parseInt(args.get(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("phase number 1..6, got " + args.get(1));
        }
        if (!Scenarios.PHASES.containsKey(n)) {
            throw new IllegalArgumentException("phase number 1..6, got " + n);
        }
        return switch (args.get(0)) {
            case "check" -> {
                java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
                env.put("TARGET", "cluster");
                if (n == 1) {
                    env.put("MESH", "plain"); // phase 1 is the suite without a mesh, whatever MESH says
                }
                Settings s = Settings.fromEnvironment(env);
                if (n > 1 && !s.mesh().meshed()) {
                    throw new IllegalArgumentException("phase " + n + " needs MESH=istio or MESH=linkerd");
                }
                if (n >= 2 && Kustomize.step() == null) {
                    Kustomize.useStep(Scenarios.CHECK_STEP.get(n)); // what the scenarios restore is this phase's state
                }
                List<String> names = new ArrayList<>(List.of("status"));
                names.addAll(Scenarios.PHASES.get(n));
                System.out.printf("== phase %d check (%s%s): %s%n", n, s.mesh().id(),
                        Kustomize.step() == null ? "" : ", step " + Kustomize.step(), names);
                yield runScenarios(s, names);
            }
            case "reset" -> PhaseReset.run(n);
            case "scenarios" -> {
                System.out.println(String.join(" ", Scenarios.PHASES.get(n)));
                yield 0;
            }
            default -> throw new IllegalArgumentException("phase check|reset N");
        };
    }
}
