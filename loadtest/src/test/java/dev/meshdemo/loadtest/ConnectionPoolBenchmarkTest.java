package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * connection-pool.hf.yaml counts what the istio-connection-pool component is about: a backend that admits
 * only so many requests at once and refuses the rest with 503 (as Envoy's pool overflow does) shows up as
 * status_5xx in the result, exactly as many as the backend refused; the same run against a backend without
 * a limit has none. The mesh itself is checked by the scenario; this proves the harness's side of it.
 */
class ConnectionPoolBenchmarkTest {

    /** Answers after {@code serviceTimeMs}, at most {@code limit} requests in flight; 503 + x-envoy-overloaded beyond. */
    static final class LimitedBackend implements AutoCloseable {
        final AtomicLong refused = new AtomicLong();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        private final HttpServer server;

        LimitedBackend(int limit, long serviceTimeMs) throws Exception {
            server = vertx.createHttpServer().requestHandler(request -> {
                if (inFlight.incrementAndGet() > limit) {
                    inFlight.decrementAndGet();
                    refused.incrementAndGet();
                    request.response().setStatusCode(503).putHeader("x-envoy-overloaded", "true").end("upstream connect error or disconnect/reset before headers. reset reason: overflow");
                    return;
                }
                vertx.setTimer(serviceTimeMs, t -> {
                    inFlight.decrementAndGet();
                    request.response().putHeader("content-type", "application/json").end("{\"id\":1}");
                });
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        String url() {
            return "http://127.0.0.1:" + server.actualPort();
        }

        @Override
        public void close() throws Exception {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static RunDocument run(LimitedBackend backend) {
        // 300/s with 20 ms service time: about 6 requests in flight on average, far beyond a limit of 2.
        return Benchmarks.run("connection-pool.hf.yaml", Map.of("TARGET", backend.url(), "RATE", "300",
                "WARMUP", "1s", "DURATION", "3s", "CONNECTIONS", "32"));
    }

    private static long count(RunDocument doc, String key) {
        return LoadRun.JSON.valueToTree(doc.errors()).path(key).asLong();
    }

    @Test
    void overflowIsCountedAsStatus5xxAndTheControlHasNone() throws Exception {
        long refusedInSteady;
        RunDocument tripped;
        try (LimitedBackend pool = new LimitedBackend(2, 20)) {
            tripped = run(pool);
            refusedInSteady = pool.refused.get();
        }
        System.out.println("limit 2: " + Results.oneLine(tripped));
        RunDocument control;
        try (LimitedBackend unlimited = new LimitedBackend(Integer.MAX_VALUE, 20)) {
            control = run(unlimited);
        }
        System.out.println("no limit: " + Results.oneLine(control));
        assertEquals(0, count(control, "status_5xx"), "control: a backend without limit refuses nothing");
        assertTrue(count(control, "status_2xx") > 0);
        long overflow = count(tripped, "status_5xx");
        assertTrue(overflow > 0, "the limited backend refused requests, the run must count them");
        assertTrue(overflow <= refusedInSteady, overflow + " counted, " + refusedInSteady + " refused in warm-up + steady");
        assertTrue(count(tripped, "status_2xx") > 0, "the admitted requests still succeed");
    }
}
