package dev.meshdemo.product;

import dev.meshdemo.testing.ServiceContractTests;
import io.quarkus.test.junit.QuarkusTest;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against product-service. */
@QuarkusTest
@ProductTestResources
class ProductServiceContractTest extends ServiceContractTests {

    @Override
    protected String serviceName() {
        return "product-service";
    }

    @Override
    protected String faultablePath() {
        return "/products/1";
    }

    @Override
    protected String faultablePathPattern() {
        return "/products.*";
    }
}
