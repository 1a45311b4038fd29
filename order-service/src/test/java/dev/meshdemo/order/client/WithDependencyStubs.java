package dev.meshdemo.order.client;

import dev.meshdemo.testing.InjectStub;
import dev.meshdemo.testing.StubServer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * The three dependencies of an order-service test ({@link Downstreams}: the stubs the service under test calls),
 * injected and reset before each test together with the circuit breakers, so that no test sees the programmed
 * replies or an open circuit of another. Extended by the tests that talk to the stubs.
 */
public abstract class WithDependencyStubs {

    @Inject
    protected CircuitBreakerMaintenance circuitBreakers;

    @InjectStub(UserClient.DEPENDENCY)
    protected StubServer users;

    @InjectStub(CartClient.DEPENDENCY)
    protected StubServer carts;

    @InjectStub(ProductClient.DEPENDENCY)
    protected StubServer products;

    @BeforeEach
    void resetDependencies() {
        Downstreams.reset(users, carts, products);
        circuitBreakers.resetAll();
    }
}
