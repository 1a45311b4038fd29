package dev.meshdemo.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A downstream service played by the test: answers each {@code METHOD path} with a programmed {@link Reply}
 * (status, body, delay), records every request with its headers, and can be stopped and started again on the
 * same port to play a dead service (connection refused).
 * <p>
 * Hand-written on the JDK's HttpServer, not WireMock, after trying it (issue 21): {@code org.wiremock:wiremock}
 * 3.13.2 resolves under the Quarkus BOM, but it brings Jetty 11 and moves the tests' Jackson to another version
 * than the services run on, and the contract checks still need code of ours (a response transformer answering
 * 599 outside the published contract, the recorded requests for {@code ProviderContracts}). The WireMock version
 * of this class and DependencyStubs came to 319 lines against their 251 then: no smaller, one more dependency.
 */
public final class StubServer {

    public record Reply(int status, String body, long delayMs) {
        public static Reply json(String body) {
            return new Reply(200, body, 0);
        }

        public static Reply status(int status) {
            String body = status >= 400 ? "{\"type\":\"https://meshdemo.dev/problems/stub\",\"title\":\"stub\",\"status\":"
                    + status + ",\"detail\":\"stub answered " + status + "\"}" : null;
            return new Reply(status, body, 0);
        }

        public Reply delayed(long ms) {
            return new Reply(status, body, ms);
        }
    }

    /** A request as received; {@code sequence} orders the requests of all stubs of a test JVM. */
    public record Recorded(long sequence, String method, String path, Headers headers) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, Queue<Reply>> onceReplies = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Function<String, Reply> defaults;
    private final Function<String, String> requestCheck;
    private final int port;
    private volatile HttpServer server;

    /** @param defaults the answer to {@code "METHOD path"} when nothing was programmed (null: 404) */
    public StubServer(Function<String, Reply> defaults) {
        this(defaults, null);
    }

    /**
     * @param requestCheck given {@code "METHOD path"}, why the request is not one the stubbed service serves
     *                     (answered 599, so the test fails), or null to answer it
     */
    public StubServer(Function<String, Reply> defaults, Function<String, String> requestCheck) {
        this.defaults = defaults;
        this.requestCheck = requestCheck;
        this.server = bind(0);
        this.port = server.getAddress().getPort();
    }

    public String url() {
        return url("127.0.0.1");
    }

    /** The stub's URL under another name of this machine (the service under test in a container: {@link ServiceHost}). */
    public String url(String host) {
        return "http://" + host + ":" + port;
    }

    public void reply(String method, String path, Reply reply) {
        replies.put(method + " " + path, reply);
    }

    /** Answers the next {@code times} requests with {@code reply}, then as before. */
    public void replyTimes(String method, String path, Reply reply, int times) {
        Queue<Reply> queue = onceReplies.computeIfAbsent(method + " " + path,
                k -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            queue.add(reply);
        }
    }

    /** Forgets programmed replies and recorded requests; starts the server again if it was stopped. */
    public synchronized void reset() {
        replies.clear();
        onceReplies.clear();
        requests.clear();
        if (server == null) {
            server = bind(port);
        }
    }

    /** Plays a dead service: the port refuses connections until {@link #reset()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    private HttpServer bind(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 100);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/", this::handle);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stub on port " + onPort, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        requests.add(new Recorded(SEQUENCE.incrementAndGet(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders()));
        exchange.getRequestBody().readAllBytes();
        String violation = requestCheck != null ? requestCheck.apply(key) : null;
        Queue<Reply> once = violation == null ? onceReplies.get(key) : null;
        Reply reply = violation != null ? new Reply(599, "{\"title\":\"not in the contract\",\"status\":599,"
                + "\"detail\":\"" + violation.replace("\"", "'") + "\"}", 0) : once != null ? once.poll() : null;
        if (reply == null) {
            reply = replies.get(key);
        }
        if (reply == null) {
            reply = defaults != null ? defaults.apply(key) : null;
        }
        if (reply == null) {
            reply = Reply.status(404);
        }
        try {
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            if (reply.body() == null) {
                exchange.sendResponseHeaders(reply.status(), -1);
            } else {
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type",
                        reply.status() >= 400 ? "application/problem+json" : "application/json");
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer to
        } finally {
            exchange.close();
        }
    }
}
