package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.scenarios.Main;
import dev.meshdemo.scenarios.Scenarios;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Settings;
import dev.meshdemo.scenarios.harness.Waits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What `make test` runs after the Java build: the local suite started by the project's own script
 * (scripts/run-local.sh: PostgreSQL and the built services on 3001-3005), the mesh-independent scenarios
 * against it, and the suite stopped again whatever happens (SIGTERM, which run-local.sh turns into a graceful
 * stop of everything it started; after 60 s the process and its descendants are killed).
 */
public final class LocalSuite {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("meshdemo.local.timeout", 420));

    private LocalSuite() {
    }

    public static int run(Settings settings) {
        Path root = settings.repoRoot();
        for (int port : Cluster.SERVICE_PORTS.values()) {
            if (listening(settings.localHost(), port)) {
                System.err.println("error: port " + port + " already answers; stop the running suite (make run) first");
                return 1;
            }
        }
        List<String> built = new ArrayList<>();
        for (String svc : Cluster.SERVICES) {
            if (Files.isRegularFile(root.resolve(svc).resolve("target/quarkus-app/quarkus-run.jar"))) {
                built.add(svc);
            } else {
                System.err.println("warning: " + svc + " is not built (make build); its checks will fail");
            }
        }
        Path log;
        Process suite;
        try {
            Path dir = Files.createDirectories(root.resolve("mesh/scenarios/target"));
            log = dir.resolve("run-local.log");
            ProcessBuilder pb = new ProcessBuilder(root.resolve("scripts/run-local.sh").toString()).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // A busy CI machine starts a Quarkus service in well over run-local.sh's default 90 s.
            pb.environment().putIfAbsent("READY_TIMEOUT_S", Long.toString(READY_TIMEOUT.toSeconds()));
            suite = pb.start();
        } catch (IOException e) {
            System.err.println("error: cannot start scripts/run-local.sh: " + e.getMessage());
            return 1;
        }
        Thread stopOnExit = new Thread(() -> stop(suite), "stop-local-suite");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            System.out.println("waiting for the local suite (log: " + root.relativize(log) + ")");
            try (HostHttp http = new HostHttp()) {
                for (String svc : built) {
                    String ready = "http://" + settings.localHost() + ":" + Cluster.SERVICE_PORTS.get(svc) + "/ready";
                    // Stops waiting as soon as run-local.sh exits (it gave up on a service itself).
                    boolean up = Waits.until(svc + " ready", READY_TIMEOUT, () -> !suite.isAlive() || http.get(ready).ok())
                            && suite.isAlive();
                    if (!up) {
                        System.err.println("error: " + svc + " not ready" + (suite.isAlive() ? " in time" : ": run-local.sh exited")
                                + "; last lines of the log:");
                        tail(log);
                        return 1;
                    }
                }
            }
            return Main.runScenarios(settings, Scenarios.LOCAL);
        } finally {
            stop(suite);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void stop(Process suite) {
        if (!suite.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = suite.descendants().toList();
        suite.destroy(); // SIGTERM: run-local.sh stops the services, then PostgreSQL
        try {
            if (!suite.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println("run-local.sh still running after 60 s: killing it and what it started");
                descendants.forEach(ProcessHandle::destroyForcibly);
                suite.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static void tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
        } catch (IOException e) {
            System.err.println("(no log: " + e.getMessage() + ")");
        }
    }
}
