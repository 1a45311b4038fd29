package dev.meshdemo.order.client;

import dev.meshdemo.order.OrderTestResources;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.testing.StubServer.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@code APP_RESILIENCE=off}, set in the environment of this test's own JVM (the {@code resilience-off} Surefire
 * execution in pom.xml), as a deployment would set it: no retries and no circuit breaker, the timeout stays.
 */
@QuarkusTest
@OrderTestResources
@EnabledIfEnvironmentVariable(named = "APP_RESILIENCE", matches = "off")
class ResilienceOffTest extends WithDependencyStubs {

    private static ValidatableResponse placeOrder(String user) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"userId\":\"" + user + "\"}").post("/orders").then();
    }

    @Test
    void failuresReachTheCallerWithoutRetriesAndTheCircuitNeverOpens() {
        Downstreams.reset(users, carts, products);
        users.reply("GET", "/users/knownoff", Reply.status(503));
        for (int i = 1; i <= 15; i++) {
            placeOrder("knownoff").statusCode(503);
            assertEquals(i, users.count("GET", "/users/knownoff"), "every call reaches user-service exactly once");
        }
        Downstreams.reset(users, carts, products);
        Downstreams.fillCart("knownoff", Map.of(1L, 1));
        carts.reply("DELETE", "/cart/knownoff", Reply.status(503));
        placeOrder("knownoff").statusCode(201).body("cartCleared", equalTo(false));
        assertEquals(1, carts.count("DELETE", "/cart/knownoff"), "no retry of the DELETE either");
        Downstreams.reset(users, carts, products);
    }

    @Test
    void theTimeoutStays() {
        Downstreams.reset(users, carts, products);
        Downstreams.fillCart("knownslow", Map.of(2L, 1));
        placeOrder("knownslow").statusCode(201); // warm: the first call of a fresh JVM pays for class loading
        Downstreams.fillCart("knownslow", Map.of(2L, 1));
        carts.reply("GET", "/cart/knownslow", Reply.json("{}").delayed(5000));
        long start = System.nanoTime();
        placeOrder("knownslow").statusCode(503).body("detail", containsString("in time"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2500, "timeout is 600 ms in tests, took " + tookMs + " ms");
        Downstreams.reset(users, carts, products);
    }
}
