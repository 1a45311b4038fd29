package dev.meshdemo.order.client;

import dev.meshdemo.testing.DependencyStubs;
import dev.meshdemo.testing.StubServer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * user-service, cart-service and product-service for order-service's tests, each its own {@link StubServer}
 * (inject them with {@code @InjectStub(UserClient.DEPENDENCY)} and so on): users {@code user1}..{@code user5}
 * and any {@code known*} handle exist; products 1..24 cost n + 0.50 EUR; carts are kept here ({@link #fillCart})
 * and emptied by {@code DELETE /cart/{userId}} like the real service. Programmed replies
 * ({@link StubServer#reply}) take precedence, to play failures.
 */
public class Downstreams extends DependencyStubs {

    private static final Pattern USER = Pattern.compile("GET /users/((user[1-5])|(known[a-z0-9]*))");
    private static final Pattern PRODUCT = Pattern.compile("GET /products/([0-9]{1,9})");
    private static final Pattern CART = Pattern.compile("(GET|DELETE) /cart/([a-z0-9_-]+)");
    /** The carts' contents: test data that the cart stub serves, like cart-service's database would. */
    private static final Map<String, String> CARTS = new ConcurrentHashMap<>();

    public Downstreams() {
        super("order-service");
    }

    @Override
    protected Map<String, Function<String, StubServer.Reply>> dependencies() {
        return Map.of(UserClient.DEPENDENCY, Downstreams::user,
                CartClient.DEPENDENCY, Downstreams::cart,
                ProductClient.DEPENDENCY, Downstreams::product);
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

    /** The requests the stubs received, in the order they arrived, as {@code "METHOD path"}. */
    public static List<String> calls(StubServer... stubs) {
        return Arrays.stream(stubs).flatMap(s -> s.requests().stream())
                .sorted(Comparator.comparingLong(StubServer.Recorded::sequence))
                .map(r -> r.method() + " " + r.path()).toList();
    }

    public static void reset(StubServer... stubs) {
        Arrays.stream(stubs).forEach(StubServer::reset);
    }

    private static StubServer.Reply user(String key) {
        String id = key.substring(key.lastIndexOf('/') + 1);
        if (USER.matcher(key).matches()) {
            return StubServer.Reply.json("{\"id\":\"" + id + "\",\"name\":\"N\",\"email\":\"" + id + "@example.com\"}");
        }
        return problem(404, "Not found", "User '" + id + "' does not exist");
    }

    private static StubServer.Reply product(String key) {
        Matcher product = PRODUCT.matcher(key);
        if (product.matches() && Long.parseLong(product.group(1)) <= 24) {
            return StubServer.Reply.json(productJson(Long.parseLong(product.group(1))));
        }
        return problem(404, "Not found", "Product '" + key.substring(key.lastIndexOf('/') + 1) + "' does not exist");
    }

    private static StubServer.Reply cart(String key) {
        Matcher cart = CART.matcher(key);
        if (!cart.matches()) {
            return null;
        }
        String userId = cart.group(2);
        if (cart.group(1).equals("DELETE")) {
            CARTS.remove(userId);
            return new StubServer.Reply(204, null, 0);
        }
        return StubServer.Reply.json(CARTS.getOrDefault(userId, "{\"userId\":\"" + userId
                + "\",\"items\":[],\"itemCount\":0,\"total\":0,\"currency\":\"EUR\"}"));
    }
}
