package dev.meshdemo.loadtest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A fast HTTP/1.1 server on 127.0.0.1 for the harness proofs: answers every path with a small JSON body,
 * optionally after a fixed service time, and can stall completely for a window (every request that arrives or
 * is pending during the window is answered only when it ends), like a GC pause or a stuck dependency.
 */
final class TestServer implements AutoCloseable {
    private static final String BODY = "{\"id\":1,\"name\":\"test product\",\"price\":9.99}";

    private final Vertx vertx;
    private final HttpServer server;
    private final long serviceTimeMs;
    private volatile long stallFromNanos = Long.MAX_VALUE;
    private volatile long stallUntilNanos = Long.MIN_VALUE;
    final AtomicLong requests = new AtomicLong();

    TestServer(long serviceTimeMs) throws Exception {
        this.serviceTimeMs = serviceTimeMs;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        this.server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Stall all answers for {@code lengthMs}, starting {@code inMs} from now. */
    void stall(long inMs, long lengthMs) {
        long from = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(inMs);
        stallUntilNanos = from + TimeUnit.MILLISECONDS.toNanos(lengthMs);
        stallFromNanos = from;
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        long now = System.nanoTime();
        long delayMs = serviceTimeMs;
        if (now >= stallFromNanos && now < stallUntilNanos) {
            delayMs = Math.max(delayMs, TimeUnit.NANOSECONDS.toMillis(stallUntilNanos - now) + 1);
        }
        if (delayMs <= 0) {
            respond(request);
        } else {
            vertx.setTimer(delayMs, t -> respond(request));
        }
    }

    private void respond(HttpServerRequest request) {
        request.response().putHeader("content-type", "application/json").end(BODY);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
