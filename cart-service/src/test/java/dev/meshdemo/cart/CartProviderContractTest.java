package dev.meshdemo.cart;

import static io.restassured.RestAssured.given;

import dev.meshdemo.testing.ProviderContracts;
import dev.meshdemo.testing.ProviderContractTests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What order-service's stub claims of cart-service, checked against the real one. */
@QuarkusTest
@CartTestResources
class CartProviderContractTest extends ProviderContractTests {

    @Override
    protected String provider() {
        return "cart-service";
    }

    @Override
    protected void prepare(String state) {
        if (!state.equals(ProviderContracts.CART_WITH_PRODUCT_1)) {
            super.prepare(state);
        }
        given().delete("/cart/user1").then().statusCode(204);
        given().contentType(ContentType.JSON).body("{\"productId\":1,\"quantity\":1}").post("/cart/user1")
                .then().statusCode(201);
    }
}
