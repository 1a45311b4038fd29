package dev.meshdemo.user;

import dev.meshdemo.testing.ServiceContractTests;
import io.quarkus.test.junit.QuarkusTest;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against user-service. */
@QuarkusTest
@UserTestResources
class UserServiceContractTest extends ServiceContractTests {

    @Override
    protected String serviceName() {
        return "user-service";
    }

    @Override
    protected String faultablePath() {
        return "/users/user1";
    }

    @Override
    protected String faultablePathPattern() {
        return "/users.*";
    }
}
