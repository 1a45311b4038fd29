package dev.meshdemo.exam;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for user-service on a free port, wired in as {@code quarkus.rest-client.user-service.url}. How it
 * answers {@code GET /users/{id}} depends on the id, so each test picks its behaviour (and gets its own call
 * count) by naming a fresh user:
 * <ul>
 *   <li>{@code missing...} 404 problem; {@code reject...} 400 problem;</li>
 *   <li>{@code down...} 503 every time; {@code flakyN...} 503 for the first N calls, then 200;</li>
 *   <li>{@code slow...} 200 after 3 s (longer than the client's 1 s timeout);</li>
 *   <li>anything else 200 with the user (plus a field exam-service does not know).</li>
 * </ul>
 * {@code GET /_stub/calls/{id}} tells a test how often an id was asked for and the headers of the last call.
 * State is reached over HTTP, not through static fields, so it does not matter which class loader a test uses.
 */
public class StubUserService implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;
    private ExecutorService executor;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> lastHeaders = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the user-service stub", e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/users/", this::user);
        server.createContext("/_stub/calls/", this::callsOf);
        server.start();
        return Map.of("quarkus.rest-client.user-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void user(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/users/".length());
        int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        lastHeaders.put(id, headers);
        if (id.startsWith("missing")) {
            problem(exchange, 404, "User '" + id + "' does not exist");
        } else if (id.startsWith("reject")) {
            problem(exchange, 400, "rejected by the stub");
        } else if (id.startsWith("down")) {
            problem(exchange, 503, "the stub is down");
        } else if (id.startsWith("flaky") && call <= Character.getNumericValue(id.charAt("flaky".length()))) {
            problem(exchange, 503, "the stub fails call " + call);
        } else {
            if (id.startsWith("slow")) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(exchange, 200, "application/json",
                    "{\"id\":\"" + id + "\",\"name\":\"Stub User\",\"email\":\"" + id + "@example.com\",\"since\":2024}");
        }
    }

    private void callsOf(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/_stub/calls/".length());
        AtomicInteger count = calls.get(id);
        StringBuilder json = new StringBuilder("{\"count\":").append(count == null ? 0 : count.get()).append(",\"headers\":{");
        List<String> pairs = lastHeaders.getOrDefault(id, Map.of()).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\"", "\\\"") + "\"").toList();
        json.append(String.join(",", pairs)).append("}}");
        send(exchange, 200, "application/json", json.toString());
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        send(exchange, status, "application/problem+json",
                "{\"type\":\"https://meshdemo.dev/problems/stub\",\"title\":\"Stub\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        }
    }
}
