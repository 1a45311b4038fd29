package dev.meshdemo.cart;

import dev.meshdemo.testing.ServiceContractTests;
import io.quarkus.test.junit.QuarkusTest;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against cart-service. */
@QuarkusTest
@CartTestResources
class CartServiceContractTest extends ServiceContractTests {

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
}
