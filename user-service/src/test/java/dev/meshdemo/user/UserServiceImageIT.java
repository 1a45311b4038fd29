package dev.meshdemo.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * user-service's image (`make images`), run as the pods run it: what it serves, and, through the requests
 * below, the training run of its JDK 25 AOT cache (a new user per shopping session, then lookups).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "user-service"))
class UserServiceImageIT {

    private static final int TRAINING_ROUNDS = 300;

    @Test
    void registersAndLooksUpUsers() {
        given().get("/ready").then().statusCode(200).body("status", equalTo("UP"));
        for (int i = 0; i < TRAINING_ROUNDS; i++) {
            String id = "trainee" + i;
            given().contentType(ContentType.JSON)
                    .body("{\"id\":\"" + id + "\",\"name\":\"Trainee " + i + "\",\"email\":\"" + id + "@example.com\"}")
                    .post("/users").then().statusCode(201);
            given().get("/users/" + id).then().statusCode(200).body("id", equalTo(id));
            given().get("/users/user" + (1 + i % 5)).then().statusCode(200);
            if (i % 10 == 0) {
                given().contentType(ContentType.JSON)
                        .body("{\"id\":\"" + id + "\",\"name\":\"again\",\"email\":\"" + id + "@example.com\"}")
                        .post("/users").then().statusCode(409).contentType("application/problem+json");
                given().contentType(ContentType.JSON).body("{\"id\":\"Bad Id\",\"name\":\"\",\"email\":\"nope\"}")
                        .post("/users").then().statusCode(400).contentType("application/problem+json");
                given().get("/users/nobody" + i).then().statusCode(404);
                given().get("/ready").then().statusCode(200);
            }
        }
        given().get("/whoami").then().statusCode(200).body("service", equalTo("user-service"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
