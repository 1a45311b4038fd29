package dev.meshdemo.scenarios.feature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshdemo.common.idempotency.Idempotency;
import dev.meshdemo.exam.api.ExamDto;
import dev.meshdemo.exam.api.SubmitRequest;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Shop;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * idempotency: N repeats of one Idempotency-Key sent at the same time store one thing: one first answer, N-1
 * answers with {@code Idempotent-Replayed: true}, one status, one body. The control: two requests with two
 * different keys store two orders (the key, not a coincidence, made the difference). Locally straight to the
 * services; in a cluster through the entry (same for every MESH: idempotency is the services' job).
 */
@Scenario(value = "idempotency", local = true)
class IdempotencyScenario {
    static final int REPEATS = Integer.getInteger("meshdemo.idempotency.repeats", 20);

    private List<HostHttp.Response> concurrently(int n, Supplier<HostHttp.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<HostHttp.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit((Callable<HostHttp.Response>) call::get));
            }
            List<HostHttp.Response> out = new ArrayList<>();
            for (Future<HostHttp.Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private void judge(ScenarioContext ctx, String name, List<HostHttp.Response> answers) {
        var rec = ctx.recorder();
        long answered = answers.stream().filter(r -> r.status() > 0).count();
        long first = answers.stream().filter(r -> r.ok() && !"true".equalsIgnoreCase(r.header(Idempotency.REPLAYED_HEADER))).count();
        long replayed = answers.stream().filter(r -> r.ok() && "true".equalsIgnoreCase(r.header(Idempotency.REPLAYED_HEADER))).count();
        Set<String> statuses = new TreeSet<>();
        Set<String> bodies = new TreeSet<>();
        for (HostHttp.Response r : answers) {
            statuses.add(r.statusText());
            bodies.add(canonical(r.body()));
        }
        rec.equal(name + ".all-answered", REPEATS, answered, null);
        rec.equal(name + ".one-first-answer", 1, first, "statuses " + statuses);
        rec.equal(name + ".others-replayed", REPEATS - 1, replayed, "answers with Idempotent-Replayed: true");
        rec.equal(name + ".same-status", 1, statuses.size(), "distinct statuses " + statuses);
        rec.equal(name + ".same-body", 1, bodies.size(), "distinct bodies");
    }

    private static String canonical(String body) {
        try {
            JsonNode n = HostHttp.JSON.readTree(body);
            return HostHttp.JSON.writeValueAsString(HostHttp.JSON.treeToValue(n, Object.class));
        } catch (Exception e) {
            return body;
        }
    }

    @Test
    @Order(1)
    @DisplayName("POST /orders, many at once with one key")
    void orders(ScenarioContext ctx) throws Exception {
        Shop shop = new Shop(ctx);
        String user = ScenarioContext.newId("idem");
        shop.createUser(user);
        ctx.recorder().check("cart.filled", shop.addToCart(user, 2, 1).ok(), "2xx", "POST /cart/" + user);
        String key = ScenarioContext.newId("key");
        judge(ctx, "orders", concurrently(REPEATS, () -> shop.placeOrder(user, key)));
        int sameKey = shop.orders(user).size();

        // Control: two orders with two keys (the cart refilled in between) are two orders.
        String other = ScenarioContext.newId("idem");
        shop.createUser(other);
        shop.addToCart(other, 2, 1);
        shop.placeOrder(other, ScenarioContext.newId("key"));
        shop.addToCart(other, 2, 1);
        shop.placeOrder(other, ScenarioContext.newId("key"));
        int differentKeys = shop.orders(other).size();
        ctx.recorder().contrast("orders.stored-once",
                Prediction.of("1 order stored for " + REPEATS + " requests with one key", (Integer n) -> n == 1),
                REPEATS + " requests, one key", sameKey,
                Prediction.of("2 orders for 2 requests with two keys", (Integer n) -> n == 2), "2 requests, two keys",
                differentKeys, n -> n + " stored");
    }

    @Test
    @Order(2)
    @DisplayName("POST /exams/{id}/submit, many at once with one key")
    void submissions(ScenarioContext ctx) throws Exception {
        Shop shop = new Shop(ctx);
        String user = ScenarioContext.newId("idem");
        shop.createUser(user);
        ExamDto exam = shop.firstExam();
        SubmitRequest body = shop.firstChoices(user, exam.id());
        String key = ScenarioContext.newId("key");
        judge(ctx, "submit", concurrently(REPEATS, () -> shop.submit(exam.id(), body, key)));
    }
}
