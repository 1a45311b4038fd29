package dev.meshdemo.product.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import dev.meshdemo.product.ProductTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canary: APP_VERSION=v2 marks every product and says so in its headers. */
@QuarkusTest
@ProductTestResources
@TestProfile(ProductV2Test.Version2.class)
class ProductV2Test {

    public static class Version2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meshdemo.service.version", "v2");
        }
    }

    @Test
    void v2AddsTheSaleBadge() {
        given().get("/products/3").then().statusCode(200)
                .header("x-service-version", "v2")
                .body("badge", equalTo("SALE"));
        given().get("/products").then().statusCode(200).body("badge", everyItem(equalTo("SALE")));
        given().get("/whoami").then().statusCode(200).body("version", equalTo("v2"));
    }
}
