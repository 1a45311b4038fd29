package dev.meshdemo.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.testing.PostgresServer;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The images of `make images`, run as the pods in mesh/base run them: user 185, read-only root filesystem with
 * a writable /tmp, every capability dropped, no privilege escalation, the pod's memory and CPU limit; host
 * networking only, so every connection (the embedded PostgreSQL, the services to each other) is to 127.0.0.1.
 * Each passes readiness, serves the shopping flow, uses its AOT cache (the JVM's own -Xlog:aot says so, and a
 * start without the cache, same image, is measurably slower) and stops gracefully on SIGTERM.
 *
 * <p>Run by `make test-containers` (part of `make test` where a Docker engine is present), which builds the
 * images first and passes {@code -Dmeshdemo.images.tag}.
 */
@EnabledIfSystemProperty(named = "meshdemo.images.tag", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImagesTest {

    private static final List<String> SERVICES = LocalSuite.SERVICES;
    private static final Pattern MEMORY_LIMIT = Pattern.compile(
            "limits:\\s*\\{(?:cpu:\\s*\"?([0-9.m]+)\"?,\\s*)?memory:\\s*([0-9]+)Mi\\}");
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final String AOT_OPENED = "Opened AOT cache app.aot";

    private static final Path ROOT = Path.of(System.getProperty("meshdemo.root", "..")).toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("system-tests/target/container-logs");
    private static final String TAG = System.getProperty("meshdemo.images.tag", "1.0.0");
    private static final String RUN_ID = Long.toString(ProcessHandle.current().pid());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static PostgresServer database;
    private static LocalSuite.Deployment deployment;
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final Map<String, Double> READY_SECONDS = new LinkedHashMap<>();
    private static final List<String> CONTAINERS = new ArrayList<>();

    @BeforeAll
    static void startTheSuiteAsContainers() throws Exception {
        Files.createDirectories(LOGS);
        database = PostgresServer.start(System.getenv("TEST_DB_URL"), 0);
        // Host networking: the containers reach the database and each other on 127.0.0.1.
        deployment = new LocalSuite.Deployment(database, "127.0.0.1", "_ctr", ContainerImagesTest::url, "ctr");
        deployment.createDatabases();
        for (String service : SERVICES) {
            PORTS.put(service, freePort());
        }
        Map<String, Long> started = new LinkedHashMap<>();
        for (String service : SERVICES) {
            started.put(service, System.nanoTime());
            run(service, service, Map.of());
        }
        for (String service : SERVICES) {
            awaitReady(service, service, PORTS.get(service));
            READY_SECONDS.put(service, (System.nanoTime() - started.get(service)) / 1e9);
        }
    }

    @AfterAll
    static void removeEverything() throws Exception {
        for (String name : CONTAINERS) {
            saveLogs(name);
            docker(60, "rm", "-f", containerName(name));
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void eachContainerRunsLikeItsPod() throws Exception {
        for (String service : SERVICES) {
            String c = containerName(service);
            String[] jvm = docker(10, "top", c, "-o", "pid,uid").lines().skip(1).findFirst().orElse("").trim().split("\\s+");
            assertEquals("185", jvm[jvm.length - 1], service + ": the JVM runs as user 185, not root");
            assertEquals("CapEff:\t0000000000000000", docker(10, "exec", c, "grep", "CapEff", "/proc/1/status").trim(),
                    service + ": no capabilities");
            assertNotEquals(0, exitCode("exec", c, "touch", "/home/jboss/written"),
                    service + ": the root filesystem is read-only");
            assertEquals(0, exitCode("exec", c, "touch", "/tmp/written"), service + ": /tmp is writable");
            long limit = podMemoryLimitMiB(service) * 1024 * 1024;
            assertEquals(String.valueOf(limit), docker(10, "inspect", "-f", "{{.HostConfig.Memory}}", c).trim(),
                    service + ": the pod's memory limit");
            assertEquals("host", docker(10, "inspect", "-f", "{{.HostConfig.NetworkMode}}", c).trim());
        }
    }

    @Test
    @Order(2)
    void eachJvmUsesItsAotCache() throws Exception {
        for (String service : SERVICES) {
            String log = docker(10, "logs", containerName(service));
            assertTrue(log.contains(AOT_OPENED), service + " did not open its AOT cache:\n" + tail(log));
            assertTrue(log.contains("Using AOT-linked classes: true"), service + ": AOT-linked classes not in use");
            assertFalse(log.contains("[error][aot]"), service + ": the JVM reported an AOT error");
        }
    }

    @Test
    @Order(3)
    void theSuiteServesTheShoppingFlowAcrossContainers() {
        String user = "ctr" + RUN_ID;
        given().get(url("product-service") + "/products/1").then().statusCode(200).body("name", equalTo("Sidecar Mug"));
        given().contentType(ContentType.JSON).body("{\"id\":\"" + user + "\",\"name\":\"Container Test\",\"email\":\""
                + user + "@example.com\"}").post(url("user-service") + "/users").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"productId\":1,\"quantity\":2}")
                .post(url("cart-service") + "/cart/" + user).then().statusCode(201);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "ctr-" + RUN_ID).body("{\"userId\":\"" + user + "\"}")
                .post(url("order-service") + "/orders").then().statusCode(201)
                .body("total", equalTo(25.0f)).body("cartCleared", equalTo(true));
        given().get(url("order-service") + "/orders/" + user).then().statusCode(200).body("size()", equalTo(1));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "ctr-exam-" + RUN_ID)
                .body("{\"userId\":\"" + user + "\",\"answers\":{\"101\":\"STRICT\"}}")
                .post(url("exam-service") + "/exams/1/submit").then().statusCode(201).body("correct", equalTo(1));
        for (String service : SERVICES) {
            given().get(url(service) + "/whoami").then().statusCode(200).body("service", equalTo(service));
        }
    }

    @Test
    @Order(4)
    void startingWithTheCacheIsFasterThanWithoutIt() throws Exception {
        // Same image, same flags; the control only drops the image's JAVA_TOOL_OPTIONS=-XX:AOTCache=app.aot.
        // Interleaved, best of two each, one at a time, so that the other containers' start-up does not count.
        String service = "product-service";
        double withCache = Double.MAX_VALUE;
        double without = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            withCache = Math.min(withCache, timedStart(service, "aot" + round, Map.of(), true));
            without = Math.min(without, timedStart(service, "plain" + round, Map.of("JAVA_TOOL_OPTIONS", ""), false));
        }
        System.out.printf("container start to /ready, %s: with AOT cache %.2f s, without %.2f s (%.0f %%)%n",
                service, withCache, without, 100 * withCache / without);
        READY_SECONDS.forEach((s, t) -> System.out.printf("  %s (five starting together): ready after %.2f s%n", s, t));
        assertTrue(withCache < 0.8 * without, "the AOT cache should cut start-up by at least 20 %: with "
                + withCache + " s, without " + without + " s");
    }

    @Test
    @Order(5)
    void sigtermDrainsThenStopsGracefully() throws Exception {
        for (String service : List.of("order-service", "product-service")) {
            String c = containerName(service);
            docker(10, "kill", "--signal", "TERM", c);
            // quarkus.shutdown.delay (3 s): readiness goes DOWN at once, while requests are still served.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            int ready;
            do {
                ready = status(url(service) + "/ready");
            } while (ready != 503 && System.nanoTime() < until);
            assertEquals(503, ready, service + ": readiness goes DOWN on SIGTERM");
            assertEquals(200, status(url(service) + "/whoami"), service + ": still serving while draining");
            String exit = docker(60, "wait", c).trim();
            String log = docker(10, "logs", c);
            assertTrue(log.contains(service + " stopped in"), service + ": no orderly Quarkus shutdown:\n" + tail(log));
            assertEquals("false", docker(10, "inspect", "-f", "{{.State.OOMKilled}}", c).trim());
            assertEquals("143", exit, service + ": the JVM ends on SIGTERM (128 + 15), not killed");
        }
    }

    // --- helpers ---

    private static double timedStart(String service, String name, Map<String, String> env, boolean expectCache)
            throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        run(service, name, Map.of("QUARKUS_HTTP_PORT", String.valueOf(port)), env);
        awaitReady(service, name, port);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String log = docker(10, "logs", containerName(name));
        assertEquals(expectCache, log.contains(AOT_OPENED), name + ": AOT cache use, as arranged");
        Matcher m = STARTED_IN.matcher(log);
        System.out.printf("  %s %s: ready after %.2f s (Quarkus: started in %s s)%n", service, name, seconds,
                m.find() ? m.group(1) : "?");
        saveLogs(name);
        docker(60, "rm", "-f", containerName(name));
        CONTAINERS.remove(name);
        return seconds;
    }

    private static void run(String service, String name, Map<String, String> extraEnv) throws Exception {
        run(service, name, Map.of("QUARKUS_HTTP_PORT", String.valueOf(PORTS.get(service))), extraEnv);
    }

    private static void run(String service, String name, Map<String, String> portEnv, Map<String, String> extraEnv)
            throws Exception {
        long memoryMiB = podMemoryLimitMiB(service);
        Map<String, String> env = new LinkedHashMap<>(portEnv);
        env.putAll(deployment.environment(service, name));
        // The launcher reads JDK_JAVA_OPTIONS besides the image's JAVA_TOOL_OPTIONS: log AOT use without replacing it.
        env.put("JDK_JAVA_OPTIONS", "-Xlog:aot=info:stdout");
        env.putAll(extraEnv);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", containerName(name),
                "--network", "host", "--read-only", "--tmpfs", "/tmp:rw,size=64m", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges", "--user", "185:185",
                "--memory", memoryMiB + "m", "--memory-swap", memoryMiB + "m"));
        String cpus = podCpuLimit(service);
        if (cpus != null) { // mesh/base sets no CPU limit (docs/CONFIGURATION.md#cpu); a pod that has one gets it here too
            args.addAll(List.of("--cpus", cpus));
        }
        env.forEach((k, v) -> args.addAll(List.of("--env", k + "=" + v)));
        args.add("meshdemo/" + service + ":" + TAG);
        CONTAINERS.add(name);
        docker(60, args.toArray(String[]::new));
    }

    private static void awaitReady(String service, String name, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long sleepMs = 50;
        while (System.nanoTime() < deadline) {
            if (!"true".equals(docker(10, "inspect", "-f", "{{.State.Running}}", containerName(name)).trim())) {
                throw new IllegalStateException(name + " exited during start-up:\n" + tail(docker(10, "logs", containerName(name))));
            }
            if (status("http://127.0.0.1:" + port + "/ready") == 200) {
                return;
            }
            Thread.sleep(sleepMs);
            sleepMs = Math.min(sleepMs * 2, 500);
        }
        throw new IllegalStateException(service + " not ready after 120 s:\n" + tail(docker(10, "logs", containerName(name))));
    }

    /** The memory limit of the service's pod in mesh/base, in MiB: the container gets the same. */
    static long podMemoryLimitMiB(String service) throws IOException {
        return Long.parseLong(podLimits(service).group(2));
    }

    private static String podCpuLimit(String service) throws IOException {
        String cpu = podLimits(service).group(1);
        if (cpu == null) {
            return null;
        }
        return cpu.endsWith("m") ? String.valueOf(Integer.parseInt(cpu.replace("m", "")) / 1000.0) : cpu;
    }

    private static Matcher podLimits(String service) throws IOException {
        String manifest = Files.readString(ROOT.resolve("mesh/base/services/" + service + ".yaml"));
        Matcher m = MEMORY_LIMIT.matcher(manifest);
        if (!m.find()) {
            throw new IllegalStateException("no resources.limits {memory: <n>Mi} in the " + service + " manifest");
        }
        return m;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String url(String service) {
        return "http://127.0.0.1:" + PORTS.get(service);
    }

    private static String containerName(String name) {
        return "meshdemo-ctr-" + RUN_ID + "-" + name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void saveLogs(String name) throws Exception {
        Files.writeString(LOGS.resolve(name + ".log"), docker(10, "logs", containerName(name)));
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int exitCode(String... args) throws Exception {
        return dockerCommand(10, args).exit();
    }

    private static String docker(int timeoutSeconds, String... args) throws Exception {
        DockerResult r = dockerCommand(timeoutSeconds, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }

    private record DockerResult(int exit, String output) {
    }

    /** Runs the docker CLI with its output going to a file, so that a chatty command cannot block on a full pipe. */
    private static DockerResult dockerCommand(int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(LOGS, "docker", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", args) + " took longer than " + timeoutSeconds + " s");
            }
            return new DockerResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
