package dev.meshdemo.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The ceiling `make bench` measures product-service against: a bare Vert.x HTTP server that answers
 * {@code GET /products/{id}} with the same JSON product-service sends for the seeded catalog (a fixed body per
 * id, built once; no database, no framework). Run with {@code java -cp ... dev.meshdemo.loadtest.BareJsonServer
 * PORT}; it listens on 127.0.0.1 until killed.
 */
public final class BareJsonServer {

    private static final int PRODUCTS = 24;

    private BareJsonServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "3999");
        // Bytes built once; a Buffer per response, since Netty releases what it has written.
        byte[][] bodies = new byte[PRODUCTS + 1][];
        for (int id = 1; id <= PRODUCTS; id++) {
            bodies[id] = ("{\"id\":" + id + ",\"name\":\"Product " + id + "\",\"description\":\"A seeded"
                    + " product for the baseline.\",\"category\":\"kitchen\",\"price\":" + id + ".50,\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8);
        }
        byte[] notFound = "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
        // As many event loops as Quarkus gives product-service on the same CPUs (2 per core).
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2 * Runtime.getRuntime().availableProcessors()));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(request -> {
            String path = request.path();
            int id = -1;
            if (path.startsWith("/products/")) {
                try {
                    id = Integer.parseInt(path.substring("/products/".length()));
                } catch (NumberFormatException e) {
                    id = -1;
                }
            }
            boolean found = id >= 1 && id <= PRODUCTS;
            request.response().setStatusCode(found ? 200 : 404).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(found ? bodies[id] : notFound));
        }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.println("READY 127.0.0.1:" + port);
        new CountDownLatch(1).await();
    }
}
