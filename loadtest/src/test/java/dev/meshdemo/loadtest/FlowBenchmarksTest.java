package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shopping and exam benchmarks speak the services' contract (docs/api, /q/openapi): run against a strict fake of
 * user, cart, order and exam service that answers 400/404/409 exactly where the contract says, every
 * session must complete with no error, one order per shopper and one submission per candidate.
 */
class FlowBenchmarksTest {

    private static Vertx vertx;
    private static final List<HttpServer> SERVERS = new ArrayList<>();
    private static final Set<String> USERS = ConcurrentHashMap.newKeySet();
    private static final Map<String, Integer> CARTS = new ConcurrentHashMap<>();
    private static final Set<String> KEYS = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger ORDERS = new AtomicInteger();
    private static final AtomicInteger SUBMISSIONS = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        for (int i = 0; i < 4; i++) {
            SERVERS.add(vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> handle(r, b)))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String url(int i) {
        return "http://127.0.0.1:" + SERVERS.get(i).actualPort();
    }

    @Test
    void shoppingFlowPlacesOneOrderPerShopper() {
        int ordersBefore = ORDERS.get();
        RunDocument doc = Benchmarks.run("shopping.hf.yaml", Map.of("USER_URL", url(0), "CART_URL", url(1),
                "ORDER_URL", url(2), "RATE", "40", "WARMUP", "1s", "DURATION", "2s"));
        System.out.println(Results.oneLine(doc));
        assertEquals(0, REFUSED.get(), "the fake refused requests");
        assertEquals(0, Results.errors(doc), "errors");
        Map<String, RunDocument.MetricSummary> metrics = doc.metrics();
        assertEquals(Set.of("createUser", "addToCart", "placeOrder"), metrics.keySet());
        long shoppers = doc.rates().startedSessions();
        assertEquals(80, shoppers, 2, "shoppers in 2 s at 40/s");
        assertEquals(shoppers, metrics.get("placeOrder").responses());
        // the fake saw at least the steady phase's orders (warm-up shoppers order too, but the warm-up's end
        // on a loaded machine is not exact enough to count them)
        assertTrue(ORDERS.get() - ordersBefore >= shoppers, "orders placed: " + (ORDERS.get() - ordersBefore));
    }

    @Test
    void examFlowSubmitsOneAnswerSheetPerCandidate() {
        int before = SUBMISSIONS.get();
        RunDocument doc = Benchmarks.run("exam.hf.yaml", Map.of("USER_URL", url(0), "EXAM_URL", url(3),
                "RATE", "40", "WARMUP", "1s", "DURATION", "2s"));
        System.out.println(Results.oneLine(doc));
        assertEquals(0, REFUSED.get(), "the fake refused requests");
        assertEquals(0, Results.errors(doc), "errors");
        assertEquals(Set.of("createUser", "listExams", "getQuestions", "submit"), doc.metrics().keySet());
        long candidates = doc.rates().startedSessions();
        assertEquals(80, candidates, 2, "candidates in 2 s at 40/s");
        assertEquals(candidates, doc.metrics().get("submit").responses());
        assertTrue(SUBMISSIONS.get() - before >= candidates, "submissions: " + (SUBMISSIONS.get() - before));
    }

    @Test
    void everyShippedBenchmarkParsesWithItsDefaults() throws IOException {
        try (var files = Files.list(Benchmarks.MODULE.resolve("benchmarks"))) {
            List<Path> benchmarks = files.filter(f -> f.toString().endsWith(".hf.yaml")).toList();
            assertTrue(benchmarks.size() >= 4, benchmarks.toString());
            for (Path file : benchmarks) {
                var benchmark = HyperfoilRunner.parse(file, Map.of());
                assertTrue(HyperfoilRunner.phaseNames(benchmark).contains(LoadRun.MEASURED_PHASE),
                        file + " has a '" + LoadRun.MEASURED_PHASE + "' phase");
                String header = Files.readString(file);
                for (String param : benchmark.source().paramsWithDefaults.keySet()) {
                    assertTrue(header.contains("#   " + param + " "), file + " documents " + param + " in its header");
                }
            }
        }
    }

    private static void handle(HttpServerRequest r, Buffer body) {
        String path = r.path();
        String method = r.method().name();
        try {
            if (method.equals("POST") && path.equals("/users")) {
                JsonObject user = body.toJsonObject();
                String id = user.getString("id");
                if (id == null || user.getString("name") == null || !user.getString("email", "").contains("@")) {
                    refuse(r, 400);
                } else if (!USERS.add(id)) {
                    refuse(r, 409);
                } else {
                    json(r, 201, user);
                }
            } else if (method.equals("POST") && path.matches("/cart/[^/]+")) {
                JsonObject item = body.toJsonObject();
                int productId = item.getInteger("productId");
                if (productId < 1 || productId > 20 || item.getInteger("quantity") < 1) {
                    refuse(r, 400);
                } else {
                    CARTS.merge(path.substring(6), 1, Integer::sum);
                    json(r, 200, new JsonObject().put("items", new JsonArray().add(item)));
                }
            } else if (method.equals("POST") && path.equals("/orders")) {
                String key = r.getHeader("Idempotency-Key");
                String userId = body.toJsonObject().getString("userId");
                if (key == null || key.isBlank()) {
                    refuse(r, 400);
                } else if (!USERS.contains(userId)) {
                    refuse(r, 404);
                } else if (CARTS.remove(userId) == null || !KEYS.add(key)) {
                    refuse(r, 409);
                } else {
                    ORDERS.incrementAndGet();
                    json(r, 201, new JsonObject().put("userId", userId).put("status", "PLACED"));
                }
            } else if (method.equals("GET") && path.equals("/exams")) {
                json(r, 200, new JsonArray().add(new JsonObject().put("id", 1).put("title", "Mesh basics")));
            } else if (method.equals("GET") && path.equals("/exams/1/questions")) {
                json(r, 200, new JsonArray().add(new JsonObject().put("id", 11).put("text", "What is mTLS?")
                        .put("choices", new JsonArray().add("A").add("B"))));
            } else if (method.equals("POST") && path.equals("/exams/1/submit")) {
                JsonObject sheet = body.toJsonObject();
                JsonObject answers = sheet.getJsonObject("answers");
                String key = r.getHeader("Idempotency-Key");
                if (key == null || !KEYS.add(key) || answers == null || !Set.of("A", "B").contains(answers.getString("11"))) {
                    refuse(r, 400);
                } else if (!USERS.contains(sheet.getString("userId"))) {
                    refuse(r, 404);
                } else {
                    SUBMISSIONS.incrementAndGet();
                    json(r, 201, new JsonObject().put("score", 1));
                }
            } else {
                refuse(r, 404);
            }
        } catch (RuntimeException e) {
            refuse(r, 400);
        }
    }

    private static void refuse(HttpServerRequest r, int status) {
        REFUSED.incrementAndGet();
        r.response().setStatusCode(status).putHeader("content-type", "application/problem+json")
                .end(new JsonObject().put("status", status).put("path", r.path()).encode());
    }

    private static void json(HttpServerRequest r, int status, Object body) {
        r.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    }
}
