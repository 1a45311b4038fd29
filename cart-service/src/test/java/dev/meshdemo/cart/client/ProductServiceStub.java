package dev.meshdemo.cart.client;

import dev.meshdemo.testing.DependencyStubs;
import dev.meshdemo.testing.StubServer;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * product-service for cart-service's tests: products 1..24 exist and cost n + 0.50 EUR, any other id is
 * product-service's 404 problem. A test gets the stub with {@code @InjectStub(ProductClient.DEPENDENCY)} and
 * programs other answers on it.
 */
public class ProductServiceStub extends DependencyStubs {

    private static final Pattern PRODUCT = Pattern.compile("GET /products/([0-9]+)");

    public static String productJson(long id, String price) {
        return "{\"id\":" + id + ",\"name\":\"Product " + id + "\",\"description\":\"d\",\"category\":\"c\","
                + "\"price\":" + price + ",\"currency\":\"EUR\"}";
    }

    public ProductServiceStub() {
        super("cart-service");
    }

    @Override
    protected Map<String, Function<String, StubServer.Reply>> dependencies() {
        return Map.of(ProductClient.DEPENDENCY, ProductServiceStub::answer);
    }

    private static StubServer.Reply answer(String key) {
        Matcher m = PRODUCT.matcher(key);
        if (m.matches() && m.group(1).length() < 4 && Long.parseLong(m.group(1)) <= 24) {
            long id = Long.parseLong(m.group(1));
            return StubServer.Reply.json(productJson(id, id + ".50"));
        }
        return problem(404, "Not found", "Product '" + key.substring(key.lastIndexOf('/') + 1) + "' does not exist");
    }
}
