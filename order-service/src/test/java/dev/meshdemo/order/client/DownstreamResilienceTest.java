package dev.meshdemo.order.client;

import dev.meshdemo.testing.StubServer;
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
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * order-service -> user/cart/product-service under failure, against stubs: GETs (and the idempotent DELETE of
 * the cart) retried on 5xx, 4xx never retried, a slow dependency cut off by the timeout (600 ms in tests) and
 * not retried, circuits opening, trace and routing headers propagated to every dependency, counters exported.
 */
@QuarkusTest
class DownstreamResilienceTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final AtomicInteger USERS = new AtomicInteger();

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    private StubServer stub;
    private String user;

    @BeforeEach
    void reset() {
        stub = Downstreams.stub();
        stub.reset();
        circuitBreakers.resetAll();
        user = "knownresilience" + USERS.incrementAndGet();
        Downstreams.fillCart(user, Map.of(5L, 1));
    }

    @AfterEach
    void restore() {
        stub.reset();
        circuitBreakers.resetAll();
    }

    private ValidatableResponse placeOrder() {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"userId\":\"" + user + "\"}").post("/orders").then();
    }

    @Test
    void getsAreRetriedOn5xx() {
        stub.replyTimes("GET", "/users/" + user, Reply.status(503), 2);
        stub.replyTimes("GET", "/cart/" + user, Reply.status(500), 2);
        stub.replyTimes("GET", "/products/5", Reply.status(502), 2);
        placeOrder().statusCode(201);
        assertEquals(3, stub.count("GET", "/users/" + user));
        assertEquals(3, stub.count("GET", "/cart/" + user));
        assertEquals(3, stub.count("GET", "/products/5"));
    }

    @Test
    void aPersistent5xxIsA503AfterEveryRetry() {
        stub.reply("GET", "/cart/" + user, Reply.status(503));
        placeOrder().statusCode(503).contentType("application/problem+json")
                .body("type", containsString("dependency-unavailable")).body("detail", containsString("cart-service"));
        assertEquals(CallPolicy.MAX_RETRIES + 1, stub.count("GET", "/cart/" + user));
    }

    @Test
    void a4xxIsNeverRetried() {
        stub.reply("GET", "/users/" + user, Reply.status(404));
        placeOrder().statusCode(404);
        assertEquals(1, stub.count("GET", "/users/" + user));
        stub.reset();
        stub.reply("GET", "/cart/" + user, Reply.status(400));
        placeOrder().statusCode(502);
        assertEquals(1, stub.count("GET", "/cart/" + user));
    }

    @Test
    void theIdempotentCartDeleteIsRetriedToo() {
        stub.replyTimes("DELETE", "/cart/" + user, Reply.status(503), 2);
        placeOrder().statusCode(201).body("cartCleared", equalTo(true));
        assertEquals(3, stub.count("DELETE", "/cart/" + user));
    }

    @Test
    void aSlowDependencyIsA503WithinTheTimeoutAndNotRetried() {
        placeOrder().statusCode(201); // warm: the first call of a fresh JVM pays for class loading
        Downstreams.fillCart(user, Map.of(5L, 1));
        stub.reset();
        stub.reply("GET", "/products/5", Reply.json(Downstreams.productJson(5)).delayed(5000));
        long start = System.nanoTime();
        placeOrder().statusCode(503).body("detail", containsString("did not answer in time"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // 600 ms in tests; the margin is for a busy 2-core CI machine, still far below the stub's 5 s
        assertTrue(tookMs < 2500, "timeout is 600 ms in tests, took " + tookMs + " ms");
        assertEquals(1, stub.count("GET", "/products/5"), "a timeout is not retried");
    }

    @Test
    void deadDependenciesAreAFast503() {
        stub.stop();
        long start = System.nanoTime();
        placeOrder().statusCode(503).body("detail", containsString("user-service"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2500);
        stub.reset();
        placeOrder().statusCode(201);
    }

    @Test
    void theCircuitToUserServiceOpensAndStopsCallingIt() {
        stub.reply("GET", "/users/" + user, Reply.status(503));
        String detail = "";
        for (int i = 0; i < 10 && !detail.contains("circuit"); i++) {
            detail = placeOrder().statusCode(503).extract().path("detail");
        }
        assertTrue(detail.contains("circuit breaker for user-service"), "the circuit should be open: " + detail);
        long callsWhenOpen = stub.requests().size();
        for (int i = 0; i < 5; i++) {
            placeOrder().statusCode(503).body("detail", containsString("circuit breaker"));
        }
        assertEquals(callsWhenOpen, stub.requests().size(), "an open circuit calls nobody");
    }

    @Test
    void traceAndRoutingHeadersReachEveryDependency() {
        given().header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .header("x-request-id", "order-req-7").header("user-type", "vip")
                .contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"userId\":\"" + user + "\"}").post("/orders").then().statusCode(201);
        assertEquals(4, stub.requests().size(), "user, cart, product, cart delete");
        for (Recorded call : stub.requests()) {
            String what = call.method() + " " + call.path();
            assertTrue(call.header("traceparent").startsWith("00-" + TRACE_ID + "-"), what);
            assertEquals(TRACE_ID, call.header("X-B3-TraceId"), what);
            assertEquals("order-req-7", call.header("x-request-id"), what);
            assertEquals("vip", call.header("user-type"), what);
        }
    }

    @Test
    void retryCountersAreExported() {
        stub.replyTimes("GET", "/users/" + user, Reply.status(503), 1);
        placeOrder().statusCode(201);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ft_retry_retries_total")
                && l.contains("dev.meshdemo.order.client.UserClient") && !l.contains("} 0.0")), "user retries in\n"
                + String.join("\n", metrics.lines().filter(l -> l.startsWith("ft_retry_retries_total")).toList()));
        assertTrue(metrics.contains("ft_timeout_calls_total"));
        assertTrue(metrics.contains("ft_circuitbreaker_calls_total"));
    }
}
