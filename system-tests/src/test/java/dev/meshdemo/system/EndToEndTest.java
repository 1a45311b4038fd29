package dev.meshdemo.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The flows a user relies on, across the five real processes: shopping and ordering with an idempotency
 * key, taking an exam, a dependency going away and coming back, and the app-level retry at work (and not at
 * work with APP_RESILIENCE=off).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    private static final String PRODUCT = LocalSuite.url("product-service");
    private static final String CART = LocalSuite.url("cart-service");
    private static final String ORDER = LocalSuite.url("order-service");
    private static final String USER = LocalSuite.url("user-service");
    private static final String EXAM = LocalSuite.url("exam-service");

    private static LocalSuite suite;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = new LocalSuite();
    }

    @AfterAll
    static void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void shopAndOrderOnceWithOneKey() {
        given().contentType(ContentType.JSON)
                .body("{\"id\":\"buyer1\",\"name\":\"Ada Buyer\",\"email\":\"ada@example.com\"}")
                .post(USER + "/users").then().statusCode(201);
        given().get(USER + "/users/buyer1").then().statusCode(200).body("email", equalTo("ada@example.com"));

        addToCart("buyer1", 1, 2).then().statusCode(success());
        addToCart("buyer1", 3, 1).then().statusCode(success());
        given().get(CART + "/cart/buyer1").then().statusCode(200).body("items", hasSize(2));

        Response first = placeOrder("buyer1", "e2e-order-1");
        first.then().statusCode(success());
        Response replay = placeOrder("buyer1", "e2e-order-1");
        replay.then().statusCode(first.statusCode()).header("Idempotent-Replayed", "true");
        assertEquals(first.jsonPath().getString("id"), replay.jsonPath().getString("id"));

        List<Map<String, Object>> orders = given().get(ORDER + "/orders/buyer1").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(1, orders.size(), "one key, one order");
        // 2 x 12.50 (product 1) + 1 x 9.90 (product 3), priced from product-service.
        assertEquals(0, new BigDecimal("34.90").compareTo(new BigDecimal(String.valueOf(orders.get(0).get("total")))));
        given().get(CART + "/cart/buyer1").then().statusCode(200).body("items", empty());

        // The cart is empty now: a new order (new key) is refused rather than ordering nothing.
        placeOrder("buyer1", "e2e-order-2").then().statusCode(409).contentType("application/problem+json")
                .body("instance", equalTo("/orders"));
    }

    @Test
    @Order(2)
    void takeAnExam() {
        Object examId = given().get(EXAM + "/exams").then().statusCode(200).extract().jsonPath().get("[0].id");
        Response questions = given().get(EXAM + "/exams/" + examId + "/questions");
        questions.then().statusCode(200);
        String raw = questions.asString();
        assertTrue(!raw.toLowerCase().contains("correct"), "questions must not reveal the answers: " + raw);

        Map<String, String> answers = new LinkedHashMap<>();
        for (Map<String, Object> q : questions.jsonPath().<Map<String, Object>>getList(questionsPath(questions))) {
            answers.put(String.valueOf(q.get("id")), firstChoice(q));
        }
        Map<String, Object> body = Map.of("userId", "user1", "answers", answers);
        Response submitted = given().contentType(ContentType.JSON).header("Idempotency-Key", "e2e-exam-1")
                .body(body).post(EXAM + "/exams/" + examId + "/submit");
        submitted.then().statusCode(success()).body("total", equalTo(answers.size()));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "e2e-exam-1").body(body)
                .post(EXAM + "/exams/" + examId + "/submit")
                .then().statusCode(submitted.statusCode()).header("Idempotent-Replayed", "true");

        // An unknown user is the caller's mistake, reported as such (checked in user-service, not retried).
        given().contentType(ContentType.JSON).header("Idempotency-Key", "e2e-exam-2")
                .body(Map.of("userId", "nobody9", "answers", answers))
                .post(EXAM + "/exams/" + examId + "/submit").then().statusCode(404);
    }

    @Test
    @Order(3)
    void aDeadProductServiceIsAFast503AndTheSuiteRecovers() throws Exception {
        addToCart("user2", 2, 1).then().statusCode(success());
        suite.stop("product-service");
        try {
            long start = System.nanoTime();
            addToCart("user2", 4, 1).then().statusCode(503).contentType("application/problem+json")
                    .body("detail", notNullValue());
            long addMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(addMs < 5_000, "cart must answer within its timeout, took " + addMs + " ms");

            placeOrder("user2", "e2e-order-down").then().statusCode(503).contentType("application/problem+json");
            given().get(ORDER + "/orders/user2").then().statusCode(200).body("$", empty());
            // Reads that do not need product-service keep working.
            given().get(CART + "/cart/user2").then().statusCode(200).body("items", hasSize(1));
        } finally {
            suite.start("product-service", Map.of());
            suite.awaitReady("product-service");
        }
        // Circuit breakers close again after their delay.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> addToCart("user2", 4, 1).then().statusCode(success()));
        placeOrder("user2", "e2e-order-down").then().statusCode(success());
        given().get(ORDER + "/orders/user2").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    @Order(4)
    void appLevelRetriesHideAThirtyPercentFaultUnlessSwitchedOff() throws Exception {
        setProductFaults("{\"errorRate\":0.3,\"paths\":\"/products/.*\"}");
        try {
            double injectedBefore = injectedErrors();
            int ok = addManyToCart("user3", 200);
            double injected = injectedErrors() - injectedBefore;
            assertTrue(injected > 20, "the knob must really have failed calls (" + injected + " injected)");
            assertTrue(ok >= 194, "with app retries >= 97 % of 200 adds succeed, got " + ok);

            suite.restart("cart-service", Map.of("APP_RESILIENCE", "off"));
            int okWithoutRetries = addManyToCart("user4", 200);
            // 30 % of 200 = 60 failures expected; +-4 sigma (sigma = 6.5) keeps false alarms below 1e-4.
            int failed = 200 - okWithoutRetries;
            assertTrue(failed >= 34 && failed <= 86,
                    "without app retries about 30 % of adds fail, got " + failed + " of 200");
        } finally {
            setProductFaults("{\"errorRate\":0,\"paths\":\"\"}");
            suite.restart("cart-service", Map.of());
        }
    }

    @Test
    @Order(5)
    void shutdownLetsInFlightRequestsFinishAndReportsNotReadyFirst() throws Exception {
        // A request that takes 1.5 s is in flight when SIGTERM arrives.
        setProductFaults("{\"delayMs\":1500,\"delayRate\":1.0,\"paths\":\"/products/2\"}");
        CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(
                () -> given().get(PRODUCT + "/products/2").statusCode());
        Thread.sleep(300);
        Process product = suite.terminate("product-service");
        try {
            // Readiness goes DOWN while the server still answers, so a load balancer drains it first.
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> given().get(PRODUCT + "/ready").then().statusCode(503));
            assertEquals(200, inFlight.get(10, TimeUnit.SECONDS), "the in-flight request completes");
            assertTrue(product.waitFor(30, TimeUnit.SECONDS), "the process exits after draining");
            // 143 = 128 + SIGTERM: the JVM's exit status after its shutdown hooks ran (not a crash).
            assertTrue(product.exitValue() == 0 || product.exitValue() == 143, "exit status " + product.exitValue());
        } finally {
            suite.start("product-service", Map.of());
            suite.awaitReady("product-service");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static Response addToCart(String userId, int productId, int quantity) {
        return given().contentType(ContentType.JSON)
                .body("{\"productId\":" + productId + ",\"quantity\":" + quantity + "}")
                .post(CART + "/cart/" + userId);
    }

    /** Adds one unit of products 1..20 in turn (so no line reaches the quantity cap); counts 2xx answers. */
    private static int addManyToCart(String userId, int times) {
        int ok = 0;
        for (int i = 0; i < times; i++) {
            int status = addToCart(userId, 1 + i % 20, 1).statusCode();
            if (status >= 200 && status < 300) {
                ok++;
            } else {
                assertEquals(503, status, "a failed add is a 503, never anything else");
            }
        }
        given().delete(CART + "/cart/" + userId).then().statusCode(204);
        return ok;
    }

    private static Response placeOrder(String userId, String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"userId\":\"" + userId + "\"}").post(ORDER + "/orders");
    }

    private static void setProductFaults(String json) {
        given().contentType(ContentType.JSON).body(json).put(PRODUCT + "/admin/faults").then().statusCode(200);
    }

    /** product-service's count of requests its fault knob failed (an exemplar may follow the value). */
    private static double injectedErrors() {
        String metrics = given().get(PRODUCT + "/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^meshdemo_faults_injected_total\\{[^}]*kind=\"error\"[^}]*} ([0-9.eE+]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String questionsPath(Response questions) {
        Object root = questions.jsonPath().get("$");
        return root instanceof List ? "$" : "questions";
    }

    @SuppressWarnings("unchecked")
    private static String firstChoice(Map<String, Object> question) {
        Object choices = question.get("choices");
        Object first = ((List<Object>) choices).get(0);
        if (first instanceof Map<?, ?> choice) {
            Object key = choice.containsKey("key") ? choice.get("key") : choice.get("id");
            return String.valueOf(key);
        }
        return String.valueOf(first);
    }

    private static org.hamcrest.Matcher<Integer> success() {
        return org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(200))
                .and(org.hamcrest.Matchers.lessThan(300));
    }
}
