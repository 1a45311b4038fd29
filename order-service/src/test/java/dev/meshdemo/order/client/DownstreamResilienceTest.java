package dev.meshdemo.order.client;

import dev.meshdemo.testing.StubServer;
import dev.meshdemo.order.OrderTestResources;
import dev.meshdemo.common.client.CallPolicy;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.testing.StubServer.Recorded;
import dev.meshdemo.testing.StubServer.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import dev.meshdemo.testing.ResilienceMetrics;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * order-service -> user/cart/product-service under failure, against stubs: GETs (and the idempotent DELETE of
 * the cart) retried on 5xx, 4xx never retried, a slow dependency cut off by the timeout (600 ms in tests) and
 * not retried, circuits opening, trace and routing headers propagated to every dependency, counters exported.
 */
@QuarkusTest
@OrderTestResources
class DownstreamResilienceTest extends WithDependencyStubs {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final AtomicInteger USERS = new AtomicInteger();

    private String user;

    @BeforeEach
    void newUser() {
        user = "knownresilience" + USERS.incrementAndGet();
        Downstreams.fillCart(user, Map.of(5L, 1));
    }

    @AfterEach
    void restore() {
        Downstreams.reset(users, carts, products);
        circuitBreakers.resetAll();
    }

    private ValidatableResponse placeOrder() {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"userId\":\"" + user + "\"}").post("/orders").then();
    }

    @Test
    void getsAreRetriedOn5xx() {
        users.replyTimes("GET", "/users/" + user, Reply.status(503), 2);
        carts.replyTimes("GET", "/cart/" + user, Reply.status(500), 2);
        products.replyTimes("GET", "/products/5", Reply.status(502), 2);
        placeOrder().statusCode(201);
        assertEquals(3, users.count("GET", "/users/" + user));
        assertEquals(3, carts.count("GET", "/cart/" + user));
        assertEquals(3, products.count("GET", "/products/5"));
    }

    @Test
    void aPersistent5xxIsA503AfterEveryRetry() {
        carts.reply("GET", "/cart/" + user, Reply.status(503));
        placeOrder().statusCode(503).contentType("application/problem+json")
                .body("type", containsString("dependency-unavailable")).body("detail", containsString("cart-service"));
        assertEquals(CallPolicy.MAX_RETRIES + 1, carts.count("GET", "/cart/" + user));
    }

    @Test
    void a4xxIsNeverRetried() {
        users.reply("GET", "/users/" + user, Reply.status(404));
        placeOrder().statusCode(404);
        assertEquals(1, users.count("GET", "/users/" + user));
        Downstreams.reset(users, carts, products);
        carts.reply("GET", "/cart/" + user, Reply.status(400));
        placeOrder().statusCode(502);
        assertEquals(1, carts.count("GET", "/cart/" + user));
    }

    @Test
    void theIdempotentCartDeleteIsRetriedToo() {
        carts.replyTimes("DELETE", "/cart/" + user, Reply.status(503), 2);
        placeOrder().statusCode(201).body("cartCleared", equalTo(true));
        assertEquals(3, carts.count("DELETE", "/cart/" + user));
    }

    @Test
    void aSlowDependencyIsA503WithinTheTimeoutAndNotRetried() {
        placeOrder().statusCode(201); // warm: the first call of a fresh JVM pays for class loading
        Downstreams.fillCart(user, Map.of(5L, 1));
        Downstreams.reset(users, carts, products);
        products.reply("GET", "/products/5", Reply.json(Downstreams.productJson(5)).delayed(5000));
        long start = System.nanoTime();
        placeOrder().statusCode(503).body("detail", containsString("did not answer in time"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // 600 ms in tests; the margin is for a busy 2-core CI machine, still far below the stub's 5 s
        assertTrue(tookMs < 2500, "timeout is 600 ms in tests, took " + tookMs + " ms");
        assertEquals(1, products.count("GET", "/products/5"), "a timeout is not retried");
    }

    @Test
    void deadDependenciesAreAFast503() {
        users.stop();
        carts.stop();
        products.stop();
        long start = System.nanoTime();
        placeOrder().statusCode(503).body("detail", containsString("user-service"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2500);
        Downstreams.reset(users, carts, products);
        placeOrder().statusCode(201);
    }

    @Test
    void theCircuitToUserServiceOpensAndStopsCallingIt() {
        users.reply("GET", "/users/" + user, Reply.status(503));
        String detail = "";
        for (int i = 0; i < 10 && !detail.contains("circuit"); i++) {
            detail = placeOrder().statusCode(503).extract().path("detail");
        }
        assertTrue(detail.contains("circuit breaker for user-service"), "the circuit should be open: " + detail);
        long callsWhenOpen = Downstreams.calls(users, carts, products).size();
        for (int i = 0; i < 5; i++) {
            placeOrder().statusCode(503).body("detail", containsString("circuit breaker"));
        }
        assertEquals(callsWhenOpen, Downstreams.calls(users, carts, products).size(), "an open circuit calls nobody");
    }

    @Test
    void traceAndRoutingHeadersReachEveryDependency() {
        given().header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .header("x-request-id", "order-req-7").header("user-type", "vip")
                .contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"userId\":\"" + user + "\"}").post("/orders").then().statusCode(201);
        List<Recorded> calls = Stream.of(users, carts, products).flatMap(s -> s.requests().stream()).toList();
        assertEquals(4, calls.size(), "user, cart, product, cart delete");
        for (Recorded call : calls) {
            String what = call.method() + " " + call.path();
            assertTrue(call.header("traceparent").startsWith("00-" + TRACE_ID + "-"), what);
            assertEquals(TRACE_ID, call.header("X-B3-TraceId"), what);
            assertEquals("order-req-7", call.header("x-request-id"), what);
            assertEquals("vip", call.header("user-type"), what);
        }
    }

    @Test
    void eachDependencyHasItsOwnConfigurablePolicy() {
        // The tests' application.properties sets quarkus.fault-tolerance."product-service".retry.max-retries=2;
        // cart-service keeps CallPolicy's number.
        products.reply("GET", "/products/5", Reply.status(503));
        placeOrder().statusCode(503).body("detail", containsString("product-service"));
        assertEquals(2 + 1, products.count("GET", "/products/5"), "product-service: its own max-retries");
        carts.reset(); // the order above read the cart once before product-service failed
        carts.reply("GET", "/cart/" + user, Reply.status(503));
        placeOrder().statusCode(503).body("detail", containsString("cart-service"));
        assertEquals(CallPolicy.MAX_RETRIES + 1, carts.count("GET", "/cart/" + user), "cart-service: the default");
    }

    @Test
    void aRefusedConnectionIsRetriedTheSameWayForEveryDependency() {
        for (StubServer dead : List.of(users, carts, products)) {
            Downstreams.reset(users, carts, products);
            circuitBreakers.resetAll();
            Downstreams.fillCart(user, Map.of(5L, 1));
            String dependency = dead == users ? UserClient.DEPENDENCY
                    : dead == carts ? CartClient.DEPENDENCY : ProductClient.DEPENDENCY;
            double before = ResilienceMetrics.retries(dependency);
            dead.stop();
            placeOrder().statusCode(503).body("detail", containsString(dependency + " is unreachable"));
            double expected = dependency.equals(ProductClient.DEPENDENCY) ? 2 : CallPolicy.MAX_RETRIES;
            assertEquals(before + expected, ResilienceMetrics.retries(dependency), dependency);
        }
    }

    @Test
    void theCallsToOneDependencyShareOneNamedCircuitBreaker() {
        carts.reply("GET", "/cart/" + user, Reply.status(503));
        for (int i = 0; i < 10 && circuitBreakers.currentState(CartClient.DEPENDENCY) == CircuitBreakerState.CLOSED; i++) {
            placeOrder().statusCode(503);
        }
        assertEquals(CircuitBreakerState.OPEN, circuitBreakers.currentState(CartClient.DEPENDENCY));
        assertEquals(CircuitBreakerState.CLOSED, circuitBreakers.currentState(UserClient.DEPENDENCY));
        assertEquals(CircuitBreakerState.CLOSED, circuitBreakers.currentState(ProductClient.DEPENDENCY));
    }

    @Test
    void retryCountersAreNamedAfterTheDependency() {
        double before = ResilienceMetrics.retries(UserClient.DEPENDENCY);
        users.replyTimes("GET", "/users/" + user, Reply.status(503), 1);
        placeOrder().statusCode(201);
        assertEquals(before + 1, ResilienceMetrics.retries(UserClient.DEPENDENCY));
        assertTrue(ResilienceMetrics.sum("ft_timeout_calls_total", CartClient.DEPENDENCY) > 0);
        assertTrue(ResilienceMetrics.sum("ft_circuitbreaker_calls_total", ProductClient.DEPENDENCY) > 0);
    }
}
