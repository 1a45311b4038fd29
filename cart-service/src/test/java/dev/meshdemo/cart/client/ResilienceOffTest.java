package dev.meshdemo.cart.client;

import dev.meshdemo.cart.CartTestResources;
import dev.meshdemo.testing.InjectStub;
import dev.meshdemo.testing.StubServer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.testing.StubServer.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@code APP_RESILIENCE=off}, set in the environment of this test's own JVM (the {@code resilience-off} Surefire
 * execution in pom.xml), as a deployment would set it: retries and the circuit breaker are off, the timeout stays.
 */
@QuarkusTest
@CartTestResources
@EnabledIfEnvironmentVariable(named = "APP_RESILIENCE", matches = "off")
class ResilienceOffTest {

    @InjectStub(ProductClient.DEPENDENCY)
    StubServer stub;


    private static void addProduct(long productId, int expectedStatus) {
        given().contentType(ContentType.JSON).body("{\"productId\":" + productId + ",\"quantity\":1}")
                .post("/cart/resilienceoff").then().statusCode(expectedStatus);
    }

    @Test
    void failuresReachTheCallerWithoutRetriesAndTheCircuitNeverOpens() {
        stub.reset();
        stub.reply("GET", "/products/3", Reply.status(503));
        for (int i = 1; i <= 15; i++) {
            addProduct(3, 503);
            assertEquals(i, stub.count("GET", "/products/3"), "every call reaches product-service exactly once");
        }
        stub.reset();
        addProduct(3, 201);
    }

    @Test
    void theTimeoutStays() {
        stub.reset();
        // Warm: the first calls of a fresh JVM pay for class loading, which on a busy machine can exceed the
        // 600 ms timeout, and with resilience off nothing retries them.
        for (int i = 0; i < 5 && given().contentType(ContentType.JSON).body("{\"productId\":5,\"quantity\":1}")
                .post("/cart/resilienceoff").statusCode() != 201; i++) {
            stub.reset();
        }
        stub.reply("GET", "/products/4", Reply.json(ProductServiceStub.productJson(4, "4.50")).delayed(5000));
        long start = System.nanoTime();
        given().contentType(ContentType.JSON).body("{\"productId\":4,\"quantity\":1}").post("/cart/resilienceoff")
                .then().statusCode(503).body("detail", containsString("in time"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // 600 ms in tests; the margin is for a busy 2-core CI machine, still far below the stub's 5 s
        assertTrue(tookMs < 2500, "timeout is 600 ms in tests, took " + tookMs + " ms");
        stub.reset();
    }
}
