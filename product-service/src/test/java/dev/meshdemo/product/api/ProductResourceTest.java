package dev.meshdemo.product.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.meshdemo.product.ProductTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProductTestResources
class ProductResourceTest {

    @Test
    void listsTheSeededCatalogInIdOrder() {
        List<Integer> ids = given().get("/products").then().statusCode(200).contentType(ContentType.JSON)
                .body("size()", greaterThanOrEqualTo(20))
                .body("name", everyItem(notNullValue()))
                .body("price", everyItem(notNullValue()))
                .extract().jsonPath().getList("id", Integer.class);
        for (int i = 0; i < ids.size(); i++) {
            org.junit.jupiter.api.Assertions.assertEquals(i + 1, ids.get(i), "ids are stable 1..N");
        }
    }

    @Test
    void v1ProductsCarryNoBadge() {
        given().get("/products").then().statusCode(200).body("", everyItem(not(hasKey("badge"))));
        given().get("/products/1").then().statusCode(200).body("$", not(hasKey("badge")));
    }

    @Test
    void getsOneProduct() {
        given().get("/products/1").then().statusCode(200)
                .body("id", equalTo(1))
                .body("name", equalTo("Sidecar Mug"))
                .body("price", equalTo(12.5f))
                .body("currency", equalTo("EUR"));
    }

    @Test
    void unknownProductIs404() {
        given().get("/products/9999").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", equalTo("Product '9999' does not exist"));
    }

    @Test
    void malformedIdsAre400NotServerErrors() {
        for (String bad : List.of("abc", "-1", "0", "1.5", "99999999999999999999999", "%20", "1e3")) {
            given().urlEncodingEnabled(false).get("/products/" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400))
                    .body("detail", notNullValue());
        }
    }

    @Test
    void theCatalogIsReadOnly() {
        given().contentType(ContentType.JSON).body("{\"name\":\"x\"}").post("/products").then().statusCode(405)
                .contentType("application/problem+json");
        given().delete("/products/1").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void onlyJsonIsOffered() {
        given().accept("application/xml").get("/products/1").then().statusCode(406)
                .contentType("application/problem+json");
    }
}
