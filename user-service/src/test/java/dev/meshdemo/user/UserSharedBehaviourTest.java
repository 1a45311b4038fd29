package dev.meshdemo.user;

import dev.meshdemo.testing.PostgresTestResource;
import dev.meshdemo.testing.SharedBehaviourTests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against user-service. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "user-service"))
class UserSharedBehaviourTest extends SharedBehaviourTests {

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
