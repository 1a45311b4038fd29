package dev.meshdemo.exam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.meshdemo.exam.client.UserServiceStub;
import dev.meshdemo.testing.FirstCalls;
import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * exam-service's image (`make images`), run as the pods run it, with user-service played by a stub on
 * 127.0.0.1: what it serves, and, through the requests below, the training run of its JDK 25 AOT cache.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "exam-service"))
@QuarkusTestResource(UserServiceStub.class)
class ExamServiceImageIT {

    private static final int TRAINING_ROUNDS = 200;

    @Test
    void servesExamsAndGradesSubmissions() {
        given().get("/ready").then().statusCode(200).body("status", equalTo("UP"));
        FirstCalls.awaitStatus(201, Duration.ofSeconds(60), () -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "image-it-warmup").body("{\"userId\":\"warmup\",\"answers\":{\"101\":\"STRICT\"}}")
                .post("/exams/1/submit").statusCode());
        for (int i = 0; i < TRAINING_ROUNDS; i++) {
            String user = "candidate" + i;
            given().get("/exams").then().statusCode(200);
            given().get("/exams/1/questions").then().statusCode(200);
            given().contentType(ContentType.JSON).header("Idempotency-Key", "image-it-" + i)
                    .body("{\"userId\":\"" + user + "\",\"answers\":{\"101\":\"STRICT\",\"102\":\"the client's identity\"}}")
                    .post("/exams/1/submit").then().statusCode(201).body("correct", equalTo(2));
            given().get("/exams/1/submissions/" + user).then().statusCode(200);
            if (i % 10 == 0) {
                given().get("/exams/99/questions").then().statusCode(404).contentType("application/problem+json");
                given().contentType(ContentType.JSON).header("Idempotency-Key", "image-it-bad-" + i)
                        .body("{\"userId\":\"Bad Id\",\"answers\":{}}").post("/exams/1/submit").then().statusCode(400);
                given().get("/ready").then().statusCode(200);
            }
        }
        given().get("/whoami").then().statusCode(200).body("service", equalTo("exam-service"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
