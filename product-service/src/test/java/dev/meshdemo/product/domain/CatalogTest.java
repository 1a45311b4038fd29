package dev.meshdemo.product.domain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.meshdemo.product.ProductTestResources;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/**
 * The in-memory catalog: a change in the database shows only after a reload (the control: before it the old
 * name is served). That reads keep answering while the database hangs is ProductSharedBehaviourTest's.
 */
@QuarkusTest
@ProductTestResources
class CatalogTest {

    @Inject
    Catalog catalog;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aChangedProductIsServedAfterTheNextReloadNotBefore() throws Exception {
        String original = given().get("/products/2").then().statusCode(200).extract().path("name");
        try {
            rename(2, "Renamed in the database");
            given().get("/products/2").then().statusCode(200).body("name", equalTo(original));
            catalog.reload();
            given().get("/products/2").then().statusCode(200).body("name", equalTo("Renamed in the database"));
        } finally {
            rename(2, original);
            catalog.reload();
        }
        given().get("/products/2").then().statusCode(200).body("name", equalTo(original));
    }

    private void rename(long id, String name) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE product SET name = ? WHERE id = ?")) {
            update.setString(1, name);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }
}
