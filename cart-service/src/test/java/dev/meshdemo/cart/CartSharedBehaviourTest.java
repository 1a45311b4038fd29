package dev.meshdemo.cart;

import dev.meshdemo.testing.MalformedInput.Endpoint;
import dev.meshdemo.testing.SharedBehaviourTests;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against cart-service. */
@QuarkusTest
@CartTestResources
class CartSharedBehaviourTest extends SharedBehaviourTests {

    @Override
    protected String serviceName() {
        return "cart-service";
    }

    @Override
    protected String faultablePath() {
        return "/cart/user1";
    }

    @Override
    protected String faultablePathPattern() {
        return "/cart.*";
    }

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(Endpoint.of("GET", "/cart/{handle}"),
                Endpoint.of("POST", "/cart/{handle}", "{\"productId\":1,\"quantity\":1}"),
                Endpoint.of("DELETE", "/cart/{handle}/{id}"),
                Endpoint.of("DELETE", "/cart/{handle}"));
    }
}
