package dev.meshdemo.cart.client;

import dev.meshdemo.cart.CartTestResources;
import dev.meshdemo.testing.InjectStub;
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
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import dev.meshdemo.testing.ResilienceMetrics;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cart-service -> product-service under failure, against a stub product-service: 4xx never retried, 5xx and
 * refused connections retried (GET is idempotent), a slow answer cut off by the timeout (600 ms in tests)
 * and not retried, the circuit breaker opening, headers propagated, counters exported.
 */
@QuarkusTest
@CartTestResources
class ProductClientResilienceTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @InjectStub(ProductClient.DEPENDENCY)
    StubServer stub;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void reset() {
        stub.reset();
        circuitBreakers.resetAll();
    }

    @AfterEach
    void restore() {
        stub.reset();
        circuitBreakers.resetAll();
    }

    private static ValidatableResponse addProduct(long productId) {
        return given().contentType(ContentType.JSON).body("{\"productId\":" + productId + ",\"quantity\":1}")
                .post("/cart/resilience").then();
    }

    @Test
    void aPersistent5xxIsRetriedThenA503Problem() {
        stub.reply("GET", "/products/5", Reply.status(503));
        addProduct(5).statusCode(503).contentType("application/problem+json")
                .body("type", containsString("dependency-unavailable"))
                .body("detail", containsString("product-service"));
        assertEquals(CallPolicy.MAX_RETRIES + 1, stub.count("GET", "/products/5"), "one call and every retry");
    }

    @Test
    void aTransient5xxIsHiddenByTheRetry() {
        stub.replyTimes("GET", "/products/6", Reply.status(500), 2);
        addProduct(6).statusCode(201);
        assertEquals(3, stub.count("GET", "/products/6"));
    }

    @Test
    void a4xxIsNeverRetried() {
        stub.reply("GET", "/products/7", Reply.status(400));
        addProduct(7).statusCode(502).contentType("application/problem+json");
        assertEquals(1, stub.count("GET", "/products/7"));
        addProduct(9999).statusCode(404);
        assertEquals(1, stub.count("GET", "/products/9999"));
    }

    @Test
    void aSlowProductServiceIsA503WithinTheTimeoutAndNotRetried() {
        addProduct(5).statusCode(201); // warm: the first call of a fresh JVM pays for class loading
        stub.reply("GET", "/products/8", Reply.json(ProductServiceStub.productJson(8, "8.50")).delayed(5000));
        long start = System.nanoTime();
        addProduct(8).statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("did not answer in time"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // 600 ms in tests; the margin is for a busy 2-core CI machine, still far below the stub's 5 s
        assertTrue(tookMs < 2500, "timeout is 600 ms in tests, took " + tookMs + " ms");
        assertEquals(1, stub.count("GET", "/products/8"), "a timeout is not retried");
    }

    @Test
    void aDeadProductServiceIsAFast503() {
        stub.stop();
        long start = System.nanoTime();
        addProduct(9).statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("product-service"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2500, "refused connections fail fast, took " + tookMs + " ms");
        stub.reset();
        addProduct(9).statusCode(201);
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndStopsCallingProductService() {
        stub.reply("GET", "/products/10", Reply.status(503));
        String detail = "";
        for (int i = 0; i < 10 && !detail.contains("circuit"); i++) {
            detail = addProduct(10).statusCode(503).extract().path("detail");
        }
        assertTrue(detail.contains("circuit breaker"), "the circuit should be open by now: " + detail);
        long callsWhenOpen = stub.requests().size();
        for (int i = 0; i < 5; i++) {
            addProduct(10).statusCode(503).body("detail", containsString("circuit breaker"));
        }
        assertEquals(callsWhenOpen, stub.requests().size(), "an open circuit does not call product-service");
        // A 4xx never opens it: after a reset, many 404s leave it closed.
        circuitBreakers.resetAll();
        stub.reset();
        for (int i = 0; i < 12; i++) {
            addProduct(9999).statusCode(404);
        }
        addProduct(11).statusCode(201);
    }

    @Test
    void traceAndRoutingHeadersArePropagated() {
        given().header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .header("x-request-id", "req-42").header("user-type", "vip")
                .contentType(ContentType.JSON).body("{\"productId\":12,\"quantity\":1}")
                .post("/cart/headers").then().statusCode(201);
        Recorded call = only(stub.requests());
        assertTrue(call.header("traceparent").startsWith("00-" + TRACE_ID + "-"), call.header("traceparent"));
        assertEquals(TRACE_ID, call.header("X-B3-TraceId"));
        assertEquals("req-42", call.header("x-request-id"));
        assertEquals("vip", call.header("user-type"));

        stub.reset();
        given().header("X-B3-TraceId", TRACE_ID).header("X-B3-SpanId", "00f067aa0ba902b7").header("X-B3-Sampled", "1")
                .contentType(ContentType.JSON).body("{\"productId\":13,\"quantity\":1}")
                .post("/cart/headers").then().statusCode(201);
        call = only(stub.requests());
        assertTrue(call.header("traceparent").startsWith("00-" + TRACE_ID + "-"), call.header("traceparent"));
    }

    @Test
    void aRefusedConnectionIsRetriedLikeA5xx() {
        double retriesBefore = ResilienceMetrics.retries(ProductClient.DEPENDENCY);
        stub.stop();
        addProduct(15).statusCode(503).body("detail", containsString("product-service is unreachable"));
        assertEquals(retriesBefore + CallPolicy.MAX_RETRIES, ResilienceMetrics.retries(ProductClient.DEPENDENCY),
                "a refused connection never reached product-service, so it is retried");
    }

    @Test
    void theCircuitBreakerIsNamedAfterTheDependency() {
        stub.reply("GET", "/products/16", Reply.status(503));
        for (int i = 0; i < 10 && circuitBreakers.currentState(ProductClient.DEPENDENCY) == CircuitBreakerState.CLOSED; i++) {
            addProduct(16).statusCode(503);
        }
        assertEquals(CircuitBreakerState.OPEN, circuitBreakers.currentState(ProductClient.DEPENDENCY));
    }

    @Test
    void retryTimeoutAndCircuitBreakerCountersAreNamedAfterTheDependency() {
        double retriesBefore = ResilienceMetrics.retries(ProductClient.DEPENDENCY);
        stub.replyTimes("GET", "/products/14", Reply.status(503), 1);
        addProduct(14).statusCode(201);
        assertEquals(retriesBefore + 1, ResilienceMetrics.retries(ProductClient.DEPENDENCY));
        assertTrue(ResilienceMetrics.sum("ft_timeout_calls_total", ProductClient.DEPENDENCY) > 0, "timeout counter");
        assertTrue(ResilienceMetrics.sum("ft_circuitbreaker_calls_total", ProductClient.DEPENDENCY) > 0,
                "circuit breaker counter");
    }

    private static Recorded only(List<Recorded> requests) {
        assertEquals(1, requests.size(), "requests to product-service: " + requests);
        return requests.get(0);
    }

    @Test
    void readingACartNeverCallsProductService() {
        given().get("/cart/resilience").then().statusCode(200).body("userId", equalTo("resilience"));
        assertEquals(0, stub.requests().size());
    }
}
