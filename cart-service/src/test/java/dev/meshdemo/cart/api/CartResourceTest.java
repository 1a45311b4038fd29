package dev.meshdemo.cart.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.cart.CartTestResources;
import dev.meshdemo.cart.client.ProductClient;
import dev.meshdemo.testing.InjectStub;
import dev.meshdemo.testing.StubServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@CartTestResources
class CartResourceTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    private String user;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @InjectStub(ProductClient.DEPENDENCY)
    StubServer products;

    @BeforeEach
    void freshUser() {
        products.reset();
        circuitBreakers.resetAll(); // failure tests elsewhere may have opened it
        user = "cartuser" + USERS.incrementAndGet(); // every test its own cart: tests do not see each other
    }

    private ValidatableResponse add(String userId, String json) {
        return given().contentType(ContentType.JSON).body(json).post("/cart/" + userId).then();
    }

    @Test
    void anUnknownUserHasAnEmptyCart() {
        given().get("/cart/" + user).then().statusCode(200).contentType(ContentType.JSON)
                .body("userId", equalTo(user)).body("items.size()", equalTo(0))
                .body("itemCount", equalTo(0)).body("total", equalTo(0.0f)).body("currency", equalTo("EUR"));
    }

    @Test
    void addingAProductCopiesItsNameAndPrice() {
        add(user, "{\"productId\":3,\"quantity\":2}").statusCode(201)
                .body("items.size()", equalTo(1))
                .body("items[0].id", notNullValue())
                .body("items[0].productId", equalTo(3))
                .body("items[0].name", equalTo("Product 3"))
                .body("items[0].unitPrice", equalTo(3.5f))
                .body("items[0].quantity", equalTo(2))
                .body("items[0].lineTotal", equalTo(7.0f))
                .body("total", equalTo(7.0f));
        add(user, "{\"productId\":10,\"quantity\":1}").statusCode(201).body("items.size()", equalTo(2))
                .body("itemCount", equalTo(3)).body("total", equalTo(17.5f));
        given().get("/cart/" + user).then().statusCode(200).body("items.productId", equalTo(List.of(3, 10)))
                .body("total", equalTo(17.5f));
    }

    @Test
    void addingTheSameProductAgainIncreasesItsLine() {
        int itemId = add(user, "{\"productId\":4,\"quantity\":2}").statusCode(201)
                .extract().path("items[0].id");
        add(user, "{\"productId\":4,\"quantity\":5}").statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].id", equalTo(itemId))
                .body("items[0].quantity", equalTo(7)).body("total", equalTo(31.5f));
    }

    @Test
    void moreThan99OfOneProductIsAConflictThatChangesNothing() {
        add(user, "{\"productId\":1,\"quantity\":98}").statusCode(201);
        add(user, "{\"productId\":1,\"quantity\":2}").statusCode(409).contentType("application/problem+json")
                .body("type", containsString("quantity-limit")).body("detail", containsString("98"));
        add(user, "{\"productId\":1,\"quantity\":1}").statusCode(200).body("items[0].quantity", equalTo(99));
        add(user, "{\"productId\":1,\"quantity\":1}").statusCode(409);
        given().get("/cart/" + user).then().body("items[0].quantity", equalTo(99));
    }

    @Test
    void invalidBodiesAre400NamingTheFieldAndNeverCallProductService() {
        record Bad(String json, String field) { }
        for (Bad bad : List.of(new Bad("{\"productId\":1,\"quantity\":0}", "quantity"),
                new Bad("{\"productId\":1,\"quantity\":100}", "quantity"),
                new Bad("{\"productId\":1,\"quantity\":-3}", "quantity"),
                new Bad("{\"productId\":1}", "quantity"),
                new Bad("{\"quantity\":1}", "productId"),
                new Bad("{\"productId\":0,\"quantity\":1}", "productId"),
                new Bad("{\"productId\":-1,\"quantity\":1}", "productId"),
                new Bad("{\"productId\":\"one\",\"quantity\":1}", "productId"),
                new Bad("{\"productId\":1,\"quantity\":1,\"price\":0.01}", "price"),
                new Bad("{\"productId\":1,\"quantity\":", "JSON"),
                new Bad("[]", "JSON object"))) {
            add(user, bad.json()).statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("detail", containsString(bad.field()));
        }
        given().contentType(ContentType.JSON).post("/cart/" + user).then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("productId=1").post("/cart/" + user).then().statusCode(415);
        assertEquals(0, products.requests().size(), "bad input must not reach product-service");
        given().get("/cart/" + user).then().body("items.size()", equalTo(0));
    }

    @Test
    void malformedUserIdsAre400() {
        for (String bad : List.of("User1", "1user", "u", "user%20one", "a".repeat(40))) {
            given().urlEncodingEnabled(false).get("/cart/" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("userId"));
            given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"productId\":1,\"quantity\":1}")
                    .post("/cart/" + bad).then().statusCode(400);
            given().urlEncodingEnabled(false).delete("/cart/" + bad).then().statusCode(400);
        }
    }

    @Test
    void anUnknownProductIs404AndIsNotRetried() {
        add(user, "{\"productId\":9999,\"quantity\":1}").statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("9999"));
        assertEquals(1, products.count("GET", "/products/9999"), "a 4xx must not be retried");
        given().get("/cart/" + user).then().body("items.size()", equalTo(0));
    }

    @Test
    void removingALine() {
        int first = add(user, "{\"productId\":5,\"quantity\":1}").extract().path("items[0].id");
        add(user, "{\"productId\":6,\"quantity\":1}").statusCode(201);
        given().delete("/cart/" + user + "/" + first).then().statusCode(204);
        given().get("/cart/" + user).then().body("items.productId", equalTo(List.of(6)));
        given().delete("/cart/" + user + "/" + first).then().statusCode(404).contentType("application/problem+json");
        given().delete("/cart/" + user + "/abc").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aLineOfAnotherUsersCartCannotBeRemoved() {
        int theirs = add(user, "{\"productId\":5,\"quantity\":1}").extract().path("items[0].id");
        given().delete("/cart/someoneelse/" + theirs).then().statusCode(404);
        given().get("/cart/" + user).then().body("items.size()", equalTo(1));
    }

    @Test
    void emptyingTheCartIsIdempotent() {
        add(user, "{\"productId\":7,\"quantity\":3}").statusCode(201);
        add(user, "{\"productId\":8,\"quantity\":1}").statusCode(201);
        given().delete("/cart/" + user).then().statusCode(204);
        given().get("/cart/" + user).then().statusCode(200).body("items.size()", equalTo(0));
        given().delete("/cart/" + user).then().statusCode(204);
        given().delete("/cart/neverhadone").then().statusCode(204);
    }

    @Test
    void concurrentAddsOfOneProductMergeIntoOneLine() throws Exception {
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Integer> call = () -> {
                    start.await();
                    return add(user, "{\"productId\":2,\"quantity\":1}").extract().statusCode();
                };
                statuses.add(pool.submit(call));
            }
            start.countDown();
            int created = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                created += code == 201 ? 1 : 0;
                assertTrue(code == 200 || code == 201, "status " + code);
            }
            assertEquals(1, created, "exactly one request creates the line");
        } finally {
            pool.shutdownNow();
        }
        given().get("/cart/" + user).then().body("items.size()", equalTo(1))
                .body("items[0].quantity", equalTo(threads));
    }

    @Test
    void itemsCarryNoBadgeOrOtherProductFields() {
        add(user, "{\"productId\":2,\"quantity\":1}").statusCode(201)
                .body("items[0]", not(hasKey("badge")))
                .body("items[0]", not(hasKey("description")));
    }
}
