package dev.meshdemo.system;

import dev.meshdemo.testing.PostgresServer;
import dev.meshdemo.testing.ServiceDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The five packaged services as separate JVMs against one PostgreSQL, as `make run` starts them, but on
 * their own ports (13001-13005) so that a running `make run` does not get in the way. A service can be
 * stopped and started again, with extra environment, to test what its callers do meanwhile.
 */
final class LocalSuite implements AutoCloseable {

    static final List<String> SERVICES = List.of("product-service", "user-service", "cart-service",
            "order-service", "exam-service");
    private static final Map<String, Integer> PORTS = Map.of("product-service", 13001, "cart-service", 13002,
            "order-service", 13003, "user-service", 13004, "exam-service", 13005);

    /**
     * How the suite's services are deployed, as their pods in mesh/base are: each its own database and role on one
     * PostgreSQL (the service's database named with {@code suffix}), the base URLs of its peers, its pod's name and
     * namespace. The one place the system tests say it: LocalSuite's processes and ContainerImagesTest's containers.
     */
    record Deployment(PostgresServer database, String databaseHost, String suffix, Function<String, String> urls,
                      String namespace) {

        /** A fresh database and role for every service. */
        void createDatabases() throws java.sql.SQLException {
            for (String service : SERVICES) {
                ServiceDatabase db = ServiceDatabase.of(service);
                database.createDatabase(db.database() + suffix, db.role(), db.password(), true);
            }
        }

        /** The environment of {@code service}, running as the pod {@code podName}. */
        Map<String, String> environment(String service, String podName) {
            ServiceDatabase db = ServiceDatabase.of(service);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("DB_URL", PostgresServer.jdbcUrl(databaseHost, database.port(), db.database() + suffix));
            env.put("DB_USER", db.role());
            env.put("DB_PASSWORD", db.password());
            env.put("PRODUCT_SERVICE_URL", urls.apply("product-service"));
            env.put("CART_SERVICE_URL", urls.apply("cart-service"));
            env.put("USER_SERVICE_URL", urls.apply("user-service"));
            env.put("POD_NAME", podName + "-" + namespace);
            env.put("POD_NAMESPACE", namespace);
            return env;
        }
    }

    private final Path root;
    private final Path logs;
    private final PostgresServer database;
    private final Deployment deployment;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    LocalSuite() throws Exception {
        root = Path.of(System.getProperty("meshdemo.root", "..")).toAbsolutePath().normalize();
        logs = root.resolve("system-tests/target/e2e-logs");
        Files.createDirectories(logs);
        for (String service : SERVICES) {
            Files.deleteIfExists(logs.resolve(service + ".log")); // restarts append; each run starts afresh
        }
        for (String service : SERVICES) {
            if (!Files.exists(jar(service))) {
                throw new IllegalStateException(jar(service) + " is missing: package the services first");
            }
        }
        database = PostgresServer.start(System.getenv("TEST_DB_URL"), 0);
        deployment = new Deployment(database, database.host(), "_e2e", LocalSuite::url, "e2e");
        try {
            deployment.createDatabases();
            for (String service : SERVICES) {
                start(service, Map.of());
            }
            for (String service : SERVICES) {
                awaitReady(service);
            }
        } catch (Exception | Error e) {
            // Nobody gets this suite to close: stop what did start, or its JVMs keep the ports and the database.
            close();
            throw e;
        }
    }

    static String url(String service) {
        return "http://127.0.0.1:" + PORTS.get(service);
    }

    void start(String service, Map<String, String> extraEnv) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx192m", "-jar", jar(service).toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service + ".log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(PORTS.get(service)));
        env.putAll(deployment.environment(service, service));
        env.remove("APP_RESILIENCE");
        env.remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        env.putAll(extraEnv);
        processes.put(service, pb.start());
    }

    /** Stops a service gracefully (SIGTERM) and waits until the process has exited. */
    void stop(String service) throws InterruptedException {
        Process p = processes.remove(service);
        if (p != null) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** Sends SIGTERM and returns at once, as Kubernetes does when it deletes a pod; returns the process. */
    Process terminate(String service) {
        Process p = processes.remove(service);
        p.destroy();
        return p;
    }

    void restart(String service, Map<String, String> extraEnv) throws Exception {
        stop(service);
        start(service, extraEnv);
        awaitReady(service);
    }

    void awaitReady(String service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long sleepMs = 50;
        while (System.nanoTime() < deadline) {
            Process p = processes.get(service);
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(service + " exited during start-up; see " + logs.resolve(service + ".log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url(service) + "/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(sleepMs);
            sleepMs = Math.min(sleepMs * 2, 1000);
        }
        throw new IllegalStateException(service + " not ready after 90 s; see " + logs.resolve(service + ".log"));
    }

    private Path jar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    @Override
    public void close() throws Exception {
        Map<String, Process> running = new HashMap<>(processes);
        running.values().forEach(Process::destroy);
        for (Process p : running.values()) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        processes.clear();
        database.close();
    }
}
