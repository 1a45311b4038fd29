package dev.meshdemo.order.client;

import dev.meshdemo.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * user-service, cart-service and product-service for order-service's tests, played by one {@link StubServer}:
 * users {@code user1}..{@code user5} and any {@code known*} handle exist; products 1..24 cost n + 0.50 EUR;
 * carts are kept here ({@link #fillCart}) and emptied by {@code DELETE /cart/{userId}} like the real service.
 * Programmed replies ({@link StubServer#reply}) take precedence, to play failures.
 */
public class Downstreams implements QuarkusTestResourceLifecycleManager {

    private static final Pattern USER = Pattern.compile("GET /users/((user[1-5])|(known[a-z0-9]*))");
    private static final Pattern PRODUCT = Pattern.compile("GET /products/([0-9]+)");
    private static final Pattern CART = Pattern.compile("(GET|DELETE) /cart/([a-z0-9_-]+)");
    private static final Map<String, String> CARTS = new ConcurrentHashMap<>();
    private static StubServer stub;

    public static StubServer stub() {
        return stub;
    }

    /** A cart with these {@code productId -> quantity} lines; its prices are deliberately stale (99.99). */
    public static void fillCart(String userId, Map<Long, Integer> lines) {
        String items = lines.entrySet().stream().map(e -> "{\"id\":" + (100 + e.getKey()) + ",\"productId\":"
                + e.getKey() + ",\"name\":\"stale name\",\"unitPrice\":99.99,\"quantity\":" + e.getValue()
                + ",\"lineTotal\":1}").collect(Collectors.joining(","));
        CARTS.put(userId, "{\"userId\":\"" + userId + "\",\"items\":[" + items + "],\"itemCount\":1,\"total\":1,"
                + "\"currency\":\"EUR\"}");
    }

    public static boolean cartIsEmpty(String userId) {
        return !CARTS.containsKey(userId);
    }

    public static String productJson(long id) {
        return "{\"id\":" + id + ",\"name\":\"Product " + id + "\",\"description\":\"d\",\"category\":\"c\","
                + "\"price\":" + id + ".50,\"currency\":\"EUR\"}";
    }

    private static StubServer.Reply answer(String key) {
        if (USER.matcher(key).matches()) {
            String id = key.substring(key.lastIndexOf('/') + 1);
            return StubServer.Reply.json("{\"id\":\"" + id + "\",\"name\":\"N\",\"email\":\"" + id + "@example.com\"}");
        }
        if (key.startsWith("GET /users/")) {
            return notFound("User", key.substring(key.lastIndexOf('/') + 1));
        }
        Matcher product = PRODUCT.matcher(key);
        if (product.matches()) {
            long id = Long.parseLong(product.group(1));
            return id <= 24 ? StubServer.Reply.json(productJson(id)) : notFound("Product", product.group(1));
        }
        Matcher cart = CART.matcher(key);
        if (cart.matches()) {
            String userId = cart.group(2);
            if (cart.group(1).equals("DELETE")) {
                CARTS.remove(userId);
                return new StubServer.Reply(204, null, 0);
            }
            return StubServer.Reply.json(CARTS.getOrDefault(userId, "{\"userId\":\"" + userId
                    + "\",\"items\":[],\"itemCount\":0,\"total\":0,\"currency\":\"EUR\"}"));
        }
        return null;
    }

    private static StubServer.Reply notFound(String what, String id) {
        return new StubServer.Reply(404, "{\"type\":\"https://meshdemo.dev/problems/not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"" + what + " '" + id + "' does not exist\"}", 0);
    }

    @Override
    public synchronized Map<String, String> start() {
        if (stub == null) { // one stub (and port) for the whole test JVM
            stub = new StubServer(Downstreams::answer);
        }
        stub.reset();
        return Map.of("quarkus.rest-client.user-service.url", stub.url(),
                "quarkus.rest-client.cart-service.url", stub.url(),
                "quarkus.rest-client.product-service.url", stub.url());
    }

    @Override
    public void stop() {
        // kept for the JVM's lifetime, see start()
    }

    static List<String> paths() {
        return stub.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }
}
