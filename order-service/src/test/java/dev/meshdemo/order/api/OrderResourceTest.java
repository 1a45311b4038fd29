package dev.meshdemo.order.api;

import dev.meshdemo.order.OrderTestResources;
import dev.meshdemo.common.client.CallPolicy;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.order.client.Downstreams;
import dev.meshdemo.order.client.WithDependencyStubs;
import dev.meshdemo.testing.StubServer.Reply;
import dev.meshdemo.order.domain.CartClearRetries;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@OrderTestResources
class OrderResourceTest extends WithDependencyStubs {

    private static final AtomicInteger USERS = new AtomicInteger();

    /** The tables as the database has them, read and changed in plain JDBC (not through the service's code). */
    @Inject
    AgroalDataSource database;

    @Inject
    CartClearRetries cartClearRetries;

    @Inject
    org.flywaydb.core.Flyway flyway;

    private String user;

    @BeforeEach
    void fresh() {
        user = "known" + USERS.incrementAndGet(); // every test its own user, so tests do not see each other
    }

    static ValidatableResponse placeOrder(String userId, String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"userId\":\"" + userId + "\"}").post("/orders").then();
    }

    private long ordersInDatabase(String userId) {
        return count("SELECT count(*) FROM orders WHERE user_id = ?", userId);
    }

    private long linesInDatabase(String userId) {
        return count("SELECT count(*) FROM order_line l JOIN orders o ON o.id = l.order_id WHERE o.user_id = ?",
                userId);
    }

    private long count(String query, String userId) {
        return queryOne(query, Long.class, userId);
    }

    /** The first column of the first row (inside a transaction: its connection). */
    private <T> T queryOne(String query, Class<T> type, Object... parameters) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), "no row: " + query);
                return rows.getObject(1, type);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One statement (inside a transaction: on its connection, committed with it). */
    private void execute(String statement) {
        try (Connection connection = database.getConnection();
             PreparedStatement prepared = connection.prepareStatement(statement)) {
            prepared.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Long, Integer> lines(long... productAndQuantity) {
        Map<Long, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            lines.put(productAndQuantity[i], (int) productAndQuantity[i + 1]);
        }
        return lines;
    }

    @Test
    void placingAnOrderPricesTheCartAtCurrentPricesAndEmptiesIt() {
        Downstreams.fillCart(user, lines(1, 2, 3, 1));
        placeOrder(user, UUID.randomUUID().toString()).statusCode(201).contentType(ContentType.JSON)
                .header("Idempotent-Replayed", (String) null)
                .body("id", notNullValue()).body("userId", equalTo(user)).body("createdAt", notNullValue())
                .body("lines.size()", equalTo(2))
                .body("lines[0].productId", equalTo(1)).body("lines[0].name", equalTo("Product 1"))
                .body("lines[0].unitPrice", equalTo(1.5f)).body("lines[0].quantity", equalTo(2))
                .body("lines[0].lineTotal", equalTo(3.0f))
                .body("lines[1].productId", equalTo(3)).body("lines[1].unitPrice", equalTo(3.5f))
                .body("itemCount", equalTo(3)).body("total", equalTo(6.5f)).body("currency", equalTo("EUR"))
                .body("cartCleared", equalTo(true));
        assertTrue(Downstreams.cartIsEmpty(user));
        // The user, then the cart, then the cart's products at the same time (so in either order), then the DELETE.
        List<String> calls = Downstreams.calls(users, carts, products);
        assertEquals(List.of("GET /users/" + user, "GET /cart/" + user), calls.subList(0, 2));
        assertEquals(Set.of("GET /products/1", "GET /products/3"), Set.copyOf(calls.subList(2, 4)));
        assertEquals(List.of("DELETE /cart/" + user), calls.subList(4, calls.size()));
        assertEquals(1, ordersInDatabase(user));
        assertEquals(2, linesInDatabase(user));
        // Listed as it was answered: both lines, in the cart's order, with the same totals.
        given().get("/orders/" + user).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].lines.productId", equalTo(List.of(1, 3))).body("[0].lines.quantity", equalTo(List.of(2, 1)))
                .body("[0].lines.lineTotal", equalTo(List.of(3.0f, 3.5f))).body("[0].itemCount", equalTo(3))
                .body("[0].total", equalTo(6.5f)).body("[0].cartCleared", equalTo(true));
    }

    @Test
    void productNamesAreStoredAsProductServiceGaveThem() {
        // The lines go to the database as arrays: names that array syntax would misread must come back as sent.
        Map<Long, String> namesAsJson = Map.of(14L, "NULL", 15L, "a \\\"quoted\\\", {braced} name\\\\ über");
        namesAsJson.forEach((id, name) -> products.reply("GET", "/products/" + id, Reply.json("{\"id\":" + id
                + ",\"name\":\"" + name + "\",\"price\":2.25,\"currency\":\"EUR\"}")));
        Downstreams.fillCart(user, lines(14, 1, 15, 2));
        placeOrder(user, UUID.randomUUID().toString()).statusCode(201);
        given().get("/orders/" + user).then().statusCode(200)
                .body("[0].lines.name", equalTo(List.of("NULL", "a \"quoted\", {braced} name\\ über")))
                .body("[0].lines.unitPrice", equalTo(List.of(2.25f, 2.25f)))
                .body("[0].lines.lineTotal", equalTo(List.of(2.25f, 4.5f))).body("[0].total", equalTo(6.75f));
    }

    @Test
    void theSameKeyReplaysTheFirstAnswerAndOrdersNothingNew() {
        Downstreams.fillCart(user, lines(2, 1));
        String key = UUID.randomUUID().toString();
        String first = placeOrder(user, key).statusCode(201).extract().asString();
        int callsAfterFirst = Downstreams.calls(users, carts, products).size();
        Downstreams.fillCart(user, lines(5, 5)); // even a refilled cart is not ordered again under this key
        ExtractableResponse<Response> replay = placeOrder(user, key).statusCode(201)
                .header("Idempotent-Replayed", "true").extract();
        assertEquals(first, replay.asString());
        assertEquals(callsAfterFirst, Downstreams.calls(users, carts, products).size(), "a replay calls no other service");
        assertEquals(1, ordersInDatabase(user));
    }

    @Test
    void aKeyReusedForAnotherUsersOrderIs422AndOrdersNothing() {
        Downstreams.fillCart(user, lines(2, 1));
        String other = user + "x";
        Downstreams.fillCart(other, lines(3, 1));
        String key = UUID.randomUUID().toString();
        placeOrder(user, key).statusCode(201);
        placeOrder(other, key).statusCode(422).contentType("application/problem+json")
                .body("type", containsString("idempotency-key-reused"));
        assertEquals(0, ordersInDatabase(other));
        assertTrue(!Downstreams.cartIsEmpty(other), "the other cart is left as it was");
        // The control: the first request's answer is still replayed for its own body.
        placeOrder(user, key).statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, ordersInDatabase(user));
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyCreateOneOrder() throws Exception {
        Downstreams.fillCart(user, lines(4, 2, 6, 1));
        String key = UUID.randomUUID().toString();
        List<ExtractableResponse<Response>> answers = concurrently(20, i -> placeOrder(user, key).extract());
        long replayed = answers.stream().filter(a -> "true".equals(a.header("Idempotent-Replayed"))).count();
        assertTrue(answers.stream().allMatch(a -> a.statusCode() == 201), "all 201");
        assertEquals(19, replayed, "one original answer, 19 replays");
        assertEquals(1, answers.stream().map(ExtractableResponse::asString).distinct().count(), "one body for all");
        assertEquals(1, ordersInDatabase(user));
        assertEquals(2, linesInDatabase(user));
        assertEquals(1, carts.count("GET", "/cart/" + user), "the work ran once");
    }

    @Test
    void concurrentOrdersOfOneCartWithDifferentKeysOrderItOnce() throws Exception {
        Downstreams.fillCart(user, lines(7, 1));
        List<ExtractableResponse<Response>> answers = concurrently(10,
                i -> placeOrder(user, UUID.randomUUID().toString()).extract());
        assertEquals(1, answers.stream().filter(a -> a.statusCode() == 201).count());
        assertEquals(9, answers.stream().filter(a -> a.statusCode() == 409
                && a.asString().contains("empty-cart")).count());
        assertEquals(1, ordersInDatabase(user));
    }

    @Test
    void aMissingOrMalformedKeyIs400AndTouchesNothing() {
        Downstreams.fillCart(user, lines(1, 1));
        given().contentType(ContentType.JSON).body("{\"userId\":\"" + user + "\"}").post("/orders").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key"));
        placeOrder(user, "has space").statusCode(400).body("detail", containsString("Idempotency-Key"));
        placeOrder(user, "x".repeat(201)).statusCode(400);
        assertEquals(0, Downstreams.calls(users, carts, products).size());
        assertEquals(0, ordersInDatabase(user));
    }

    @Test
    void badBodiesAre400NamingTheField() {
        for (String body : List.of("{}", "{\"userId\":null}", "{\"userId\":\"User 1\"}", "{\"userId\":\"u\"}",
                "{\"userId\":\"user1\",\"total\":1}", "{\"userId\":", "[]", "")) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(body).post("/orders").then().statusCode(400).contentType("application/problem+json")
                    .body("detail", notNullValue());
        }
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k").body("{\"userId\":\"User 1\"}")
                .post("/orders").then().body("detail", containsString("userId"));
        assertEquals(0, Downstreams.calls(users, carts, products).size());
    }

    @Test
    void anUnknownUserIs404AndIsReplayedAsSuch() {
        String key = UUID.randomUUID().toString();
        placeOrder("nobody", key).statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nobody"));
        assertEquals(List.of("GET /users/nobody"), Downstreams.calls(users, carts, products));
        placeOrder("nobody", key).statusCode(404).header("Idempotent-Replayed", "true");
        assertEquals(0, ordersInDatabase("nobody"));
    }

    @Test
    void anEmptyCartIsA409() {
        placeOrder(user, UUID.randomUUID().toString()).statusCode(409).contentType("application/problem+json")
                .body("type", containsString("empty-cart"));
        assertEquals(0, ordersInDatabase(user));
        assertEquals(0, carts.count("DELETE", "/cart/" + user));
    }

    @Test
    void aProductNoLongerSoldIsA409AndStoresNothing() {
        Downstreams.fillCart(user, lines(1, 1, 999, 1));
        placeOrder(user, UUID.randomUUID().toString()).statusCode(409)
                .body("type", containsString("product-unavailable")).body("detail", containsString("999"));
        assertEquals(0, ordersInDatabase(user));
        assertTrue(!Downstreams.cartIsEmpty(user), "the cart is left as it was");
    }

    @Test
    void aDependencyOutageIs503AndFreesTheKeyForARetry() {
        Downstreams.fillCart(user, lines(8, 1));
        users.reply("GET", "/users/" + user, Reply.status(503));
        String key = UUID.randomUUID().toString();
        placeOrder(user, key).statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("user-service"));
        assertEquals(0, ordersInDatabase(user));
        Downstreams.reset(users, carts, products);
        placeOrder(user, key).statusCode(201).header("Idempotent-Replayed", (String) null);
        assertEquals(1, ordersInDatabase(user));
    }

    @Test
    void aCartThatCouldNotBeEmptiedIsReportedBlocksNewOrdersAndIsEmptiedLater() {
        Downstreams.fillCart(user, lines(9, 3));
        carts.reply("DELETE", "/cart/" + user, Reply.status(503));
        placeOrder(user, UUID.randomUUID().toString()).statusCode(201).body("cartCleared", equalTo(false));
        assertEquals(CallPolicy.MAX_RETRIES + 1, carts.count("DELETE", "/cart/" + user), "an idempotent DELETE is retried");
        given().get("/orders/" + user).then().statusCode(200).body("[0].cartCleared", equalTo(false));

        // The cart still holds what was ordered: a second order of it is refused, not placed twice.
        placeOrder(user, UUID.randomUUID().toString()).statusCode(409)
                .body("type", containsString("cart-clear-pending"));
        assertEquals(1, ordersInDatabase(user));

        cartClearRetries.retryPending(); // cart-service still failing: stays pending
        given().get("/orders/" + user).then().body("[0].cartCleared", equalTo(false));

        Downstreams.reset(users, carts, products);
        assertTrue(cartClearRetries.retryPending() >= 1);
        assertTrue(Downstreams.cartIsEmpty(user));
        given().get("/orders/" + user).then().body("[0].cartCleared", equalTo(true));
        placeOrder(user, UUID.randomUUID().toString()).statusCode(409).body("type", containsString("empty-cart"));
        assertEquals(1, ordersInDatabase(user));
    }

    @Test
    void ordersAreListedNewestFirstWithLinesAndTotals() {
        for (long product = 10; product <= 12; product++) {
            Downstreams.fillCart(user, lines(product, 2));
            placeOrder(user, UUID.randomUUID().toString()).statusCode(201);
        }
        given().get("/orders/" + user).then().statusCode(200).body("size()", equalTo(3))
                .body("lines.productId", equalTo(List.of(List.of(12), List.of(11), List.of(10))))
                .body("total", equalTo(List.of(25.0f, 23.0f, 21.0f)))
                .body("[0].lines[0].name", equalTo("Product 12"));
        given().queryParam("limit", 2).get("/orders/" + user).then().statusCode(200).body("size()", equalTo(2))
                .body("[0].lines[0].productId", equalTo(12));
        for (String bad : List.of("0", "101", "abc", "-1")) {
            given().queryParam("limit", bad).get("/orders/" + user).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("limit"));
        }
        given().get("/orders/neverordered").then().statusCode(200).body("size()", equalTo(0));
        given().urlEncodingEnabled(false).get("/orders/Not%20A%20Handle").then().statusCode(400)
                .body("detail", containsString("userId"));
    }

    @Test
    void theDatabaseRefusesAnOrderWithoutLines() {
        // In a transaction, as the service writes: the deferred check refuses the commit.
        Exception refused = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                execute("INSERT INTO orders (user_id, total, currency, cart_cleared, created_at)"
                        + " VALUES ('linelessuser', 1, 'EUR', true, now())")));
        assertTrue(mentions(refused, "has no lines"), refused.toString());
        assertEquals(0, ordersInDatabase("linelessuser"));
    }

    @Test
    void theKeyTableComesWithTheIdempotencyDependency() {
        // No quarkus.flyway.locations: Flyway's default location finds V1000 in meshdemo-idempotency's jar and
        // applies it after the service's own migrations.
        assertEquals(List.of("db/migration"), org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValues("quarkus.flyway.locations", String.class));
        assertEquals("1000 db/migration/V1000__idempotency_keys.sql true " + IDEMPOTENCY_CHECKSUM, historyOf("1000"));
    }

    /**
     * The checksum of V1000 as every database that ever ran it has it: the file must never change, or those
     * databases fail Flyway's validation at start-up (a new version is the way to change the table).
     */
    private static final int IDEMPOTENCY_CHECKSUM = -1_325_515_102;

    @Test
    void aDatabaseMigratedFromTheOldLocationStillValidates() {
        // Before meshdemo-idempotency, order and exam ran the same file from db/idempotency: the history row names
        // that path. Flyway validates version, description, type and checksum, not the path, so they start.
        String now = historyOf("1000");
        execute("UPDATE flyway_schema_history SET script = 'db/idempotency/V1000__idempotency_keys.sql'"
                + " WHERE version = '1000'");
        try {
            flyway.validate();
            // The control: a changed file (another checksum) is what would stop an existing database.
            execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1000'");
            assertThrows(org.flywaydb.core.api.exception.FlywayValidateException.class, flyway::validate);
        } finally {
            execute("UPDATE flyway_schema_history SET script = 'db/migration/V1000__idempotency_keys.sql',"
                    + " checksum = " + IDEMPOTENCY_CHECKSUM + " WHERE version = '1000'");
        }
        assertEquals(now, historyOf("1000"));
    }

    private String historyOf(String version) {
        return queryOne("SELECT version || ' ' || script || ' ' || success || ' ' || checksum FROM flyway_schema_history"
                + " WHERE version = ?", String.class, version);
    }

    /** The database's message travels in a cause or a suppressed exception of the failed commit. */
    private static boolean mentions(Throwable e, String text) {
        if (e == null) {
            return false;
        }
        if (String.valueOf(e.getMessage()).contains(text)) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (mentions(suppressed, text)) {
                return true;
            }
        }
        return e.getCause() != e && mentions(e.getCause(), text);
    }

    interface Call<T> {
        T run(int i) throws Exception;
    }

    static <T> List<T> concurrently(int threads, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.run(n);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
