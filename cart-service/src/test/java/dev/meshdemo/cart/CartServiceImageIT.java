package dev.meshdemo.cart;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.meshdemo.cart.client.ProductServiceStub;
import dev.meshdemo.testing.FirstCalls;
import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * cart-service's image (`make images`), run as the pods run it, with product-service played by a stub on
 * 127.0.0.1: what it serves, and, through the requests below, the training run of its JDK 25 AOT cache
 * (the shopping session's add-to-cart, reads, removals and the order's clear).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "cart-service"))
@QuarkusTestResource(ProductServiceStub.class)
class CartServiceImageIT {

    private static final int TRAINING_ROUNDS = 250;

    @Test
    void fillsReadsAndEmptiesCarts() {
        given().get("/ready").then().statusCode(200).body("status", equalTo("UP"));
        FirstCalls.awaitStatus(201, Duration.ofSeconds(60), () -> given().contentType(ContentType.JSON)
                .body("{\"productId\":1,\"quantity\":1}").post("/cart/warmup").statusCode());
        for (int i = 0; i < TRAINING_ROUNDS; i++) {
            String user = "shopper" + i;
            given().contentType(ContentType.JSON).body("{\"productId\":" + (1 + i % 24) + ",\"quantity\":2}")
                    .post("/cart/" + user).then().statusCode(201);
            given().contentType(ContentType.JSON).body("{\"productId\":" + (1 + (i + 7) % 24) + ",\"quantity\":1}")
                    .post("/cart/" + user).then().statusCode(201);
            given().get("/cart/" + user).then().statusCode(200).body("userId", equalTo(user));
            given().delete("/cart/" + user).then().statusCode(204);
            if (i % 10 == 0) {
                given().contentType(ContentType.JSON).body("{\"productId\":999,\"quantity\":1}")
                        .post("/cart/" + user).then().statusCode(404).contentType("application/problem+json");
                given().contentType(ContentType.JSON).body("{\"productId\":1,\"quantity\":0}")
                        .post("/cart/" + user).then().statusCode(400).contentType("application/problem+json");
                given().get("/ready").then().statusCode(200);
            }
        }
        given().get("/whoami").then().statusCode(200).body("service", equalTo("cart-service"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
