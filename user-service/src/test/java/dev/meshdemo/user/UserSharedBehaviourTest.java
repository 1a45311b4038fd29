package dev.meshdemo.user;

import static io.restassured.RestAssured.given;

import dev.meshdemo.testing.MalformedInput.Endpoint;
import dev.meshdemo.testing.SharedBehaviourTests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;

/** The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against user-service. */
@QuarkusTest
@UserTestResources
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

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(Endpoint.of("GET", "/users/{handle}"),
                Endpoint.of("POST", "/users", "{\"id\":\"newcomer\",\"name\":\"New Comer\",\"email\":\"new@example.com\"}"));
    }

    /** Users created during and after the database-hang test; each acknowledged one must exist afterwards. */
    @Override
    protected WriteProbe writeProbe() {
        return new WriteProbe() {
            @Override
            public Response write(int n) {
                return given().contentType(ContentType.JSON).body("{\"id\":\"hang" + n + "\",\"name\":\"Hang " + n
                        + "\",\"email\":\"hang" + n + "@example.com\"}").post("/users");
            }

            @Override
            public boolean stored(int n) {
                return given().get("/users/hang" + n).statusCode() == 200;
            }
        };
    }
}
