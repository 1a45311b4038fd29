package dev.meshdemo.order;

import dev.meshdemo.testing.MalformedInput.Endpoint;
import dev.meshdemo.testing.SharedBehaviourTests;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against order-service. */
@QuarkusTest
@OrderTestResources
class OrderSharedBehaviourTest extends SharedBehaviourTests {

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

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(Endpoint.of("POST", "/orders", "{\"userId\":\"user1\"}")
                        .withHeader("Idempotency-Key", "malformed-input-1"),
                Endpoint.of("GET", "/orders/{handle}").withQuery("limit"));
    }
}
