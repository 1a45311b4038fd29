package dev.meshdemo.product;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * product-service's image (`make images`), run as the pods run it: what it serves, and, through the
 * requests below, the training run of its JDK 25 AOT cache (the hot paths in the proportions of the benchmarks).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "product-service"))
class ProductServiceImageIT {

    private static final int TRAINING_ROUNDS = 400;

    @Test
    void servesTheCatalogAndItsErrors() {
        given().get("/ready").then().statusCode(200).body("status", equalTo("UP"));
        for (int i = 0; i < TRAINING_ROUNDS; i++) {
            long id = 1 + i % 24;
            given().get("/products/" + id).then().statusCode(200).body("id", equalTo((int) id));
            if (i % 10 == 0) {
                given().get("/products").then().statusCode(200);
                given().get("/products/9999").then().statusCode(404).contentType("application/problem+json");
                given().get("/products/abc").then().statusCode(400).contentType("application/problem+json");
                given().get("/ready").then().statusCode(200);
                given().get("/health").then().statusCode(200);
            }
        }
        given().get("/whoami").then().statusCode(200).body("service", equalTo("product-service"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/admin/faults").then().statusCode(200);
    }
}
