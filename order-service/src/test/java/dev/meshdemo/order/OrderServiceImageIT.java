package dev.meshdemo.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.meshdemo.order.client.Downstreams;
import dev.meshdemo.testing.FirstCalls;
import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * order-service's image (`make images`), run as the pods run it, with user-, cart- and product-service played
 * by a stub on 127.0.0.1: what it serves, and, through the requests below, the training run of its JDK 25 AOT
 * cache (orders placed, replayed and listed, and the usual refusals).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "order-service"))
@QuarkusTestResource(Downstreams.class)
class OrderServiceImageIT {

    private static final int TRAINING_ROUNDS = 200;

    @Test
    void placesReplaysAndListsOrders() {
        given().get("/ready").then().statusCode(200).body("status", equalTo("UP"));
        Downstreams.fillCart("knownwarmup", Map.of(1L, 1));
        FirstCalls.awaitStatus(201, Duration.ofSeconds(60), () -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "image-it-warmup").body("{\"userId\":\"knownwarmup\"}")
                .post("/orders").statusCode());
        for (int i = 0; i < TRAINING_ROUNDS; i++) {
            String user = "known" + i;
            Downstreams.fillCart(user, Map.of(1L + i % 24, 2, 1L + (i + 5) % 24, 1));
            String key = "image-it-" + i;
            given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{\"userId\":\"" + user + "\"}")
                    .post("/orders").then().statusCode(201).body("userId", equalTo(user));
            given().get("/orders/" + user).then().statusCode(200);
            if (i % 10 == 0) {
                given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{\"userId\":\"" + user + "\"}")
                        .post("/orders").then().statusCode(201).header("Idempotent-Replayed", "true");
                given().contentType(ContentType.JSON).header("Idempotency-Key", key + "-empty")
                        .body("{\"userId\":\"" + user + "\"}").post("/orders").then().statusCode(409);
                given().contentType(ContentType.JSON).body("{\"userId\":\"" + user + "\"}")
                        .post("/orders").then().statusCode(400).contentType("application/problem+json");
                given().get("/ready").then().statusCode(200);
            }
        }
        given().get("/whoami").then().statusCode(200).body("service", equalTo("order-service"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
