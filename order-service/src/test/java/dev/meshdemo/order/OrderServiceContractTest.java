package dev.meshdemo.order;

import dev.meshdemo.testing.ServiceContractTests;
import io.quarkus.test.junit.QuarkusTest;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against order-service. */
@QuarkusTest
@OrderTestResources
class OrderServiceContractTest extends ServiceContractTests {

    @Override
    protected String serviceName() {
        return "order-service";
    }

    @Override
    protected String faultablePath() {
        return "/orders/user1";
    }

    @Override
    protected String faultablePathPattern() {
        return "/orders.*";
    }
}
