package dev.meshdemo.user;

import dev.meshdemo.testing.ProviderContractTests;
import io.quarkus.test.junit.QuarkusTest;

/** What order- and exam-service's stubs claim of user-service, checked against the real one. */
@QuarkusTest
@UserTestResources
class UserProviderContractTest extends ProviderContractTests {

    @Override
    protected String provider() {
        return "user-service";
    }
}
