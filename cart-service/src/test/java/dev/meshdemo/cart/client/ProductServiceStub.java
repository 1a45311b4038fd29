package dev.meshdemo.cart.client;

import dev.meshdemo.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * product-service for cart-service's tests: products 1..24 exist (name {@code Product n}, price n + 0.50 EUR),
 * anything else is product-service's 404 problem; a test programs other answers through {@link #stub()}.
 */
public class ProductServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final Pattern PRODUCT = Pattern.compile("GET /products/([0-9]+)");
    private static StubServer stub;

    public static StubServer stub() {
        return stub;
    }

    public static String productJson(long id, String price) {
        return "{\"id\":" + id + ",\"name\":\"Product " + id + "\",\"description\":\"d\",\"category\":\"c\","
                + "\"price\":" + price + ",\"currency\":\"EUR\"}";
    }

    @Override
    public synchronized Map<String, String> start() {
        if (stub == null) { // a test profile restarts Quarkus: keep the same stub (and port)
            stub = new StubServer(key -> {
                Matcher m = PRODUCT.matcher(key);
                if (m.matches() && Long.parseLong(m.group(1)) <= 24) {
                    long id = Long.parseLong(m.group(1));
                    return StubServer.Reply.json(productJson(id, id + ".50"));
                }
                // product-service's own answer for an unknown id
                return new StubServer.Reply(404, "{\"type\":\"https://meshdemo.dev/problems/not-found\","
                        + "\"title\":\"Not found\",\"status\":404,\"detail\":\"Product '"
                        + key.substring(key.lastIndexOf('/') + 1) + "' does not exist\"}", 0);
            });
        }
        stub.reset();
        return Map.of("quarkus.rest-client.product-service.url", stub.url());
    }

    @Override
    public void stop() {
        // The stub lives as long as the test JVM: a restarted Quarkus gets the same one.
    }
}
