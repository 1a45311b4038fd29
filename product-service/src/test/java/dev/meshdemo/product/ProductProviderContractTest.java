package dev.meshdemo.product;

import dev.meshdemo.testing.ProviderContractTests;
import io.quarkus.test.junit.QuarkusTest;

/** What cart- and order-service's stubs claim of product-service, checked against the real one. */
@QuarkusTest
@ProductTestResources
class ProductProviderContractTest extends ProviderContractTests {

    @Override
    protected String provider() {
        return "product-service";
    }
}
