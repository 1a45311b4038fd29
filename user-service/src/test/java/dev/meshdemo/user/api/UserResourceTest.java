package dev.meshdemo.user.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshdemo.user.UserTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@UserTestResources
class UserResourceTest {

    private static String newId() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String body(String id, String name, String email) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"email\":\"" + email + "\"}";
    }

    @Test
    void seededUsersExist() {
        for (int i = 1; i <= 5; i++) {
            given().get("/users/user" + i).then().statusCode(200).contentType(ContentType.JSON)
                    .body("id", equalTo("user" + i)).body("name", notNullValue()).body("email", notNullValue());
        }
        given().get("/users/user1").then().body("name", equalTo("Ada Lovelace")).body("email", equalTo("ada@example.com"));
    }

    @Test
    void unknownUserIs404() {
        given().get("/users/nobody").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", equalTo("User 'nobody' does not exist"));
    }

    @Test
    void malformedIdsAre400() {
        for (String bad : List.of("User1", "1user", "u", "a%20b", "x".repeat(33), "user.1", "%C3%A9t%C3%A9")) {
            given().urlEncodingEnabled(false).get("/users/" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400))
                    .body("detail", notNullValue());
        }
    }

    @Test
    void createsAUserWithLocation() {
        String id = newId();
        given().contentType(ContentType.JSON).body(body(id, "Nina Test", id + "@example.com"))
                .post("/users").then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", endsWith("/users/" + id))
                .body("id", equalTo(id)).body("name", equalTo("Nina Test")).body("email", equalTo(id + "@example.com"));
        given().get("/users/" + id).then().statusCode(200).body("name", equalTo("Nina Test"));
    }

    @Test
    void duplicateIdIs409AndKeepsTheFirstUser() {
        given().contentType(ContentType.JSON).body(body("user1", "Impostor", "imp@example.com"))
                .post("/users").then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409)).body("detail", equalTo("User 'user1' already exists"));
        given().get("/users/user1").then().statusCode(200).body("name", equalTo("Ada Lovelace"));
    }

    @Test
    void concurrentDuplicatesCreateOneUserAndNeverA500() throws Exception {
        String id = newId();
        int threads = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "Racer " + i;
                Callable<Integer> create = () -> {
                    start.await();
                    return given().contentType(ContentType.JSON).body(body(id, name, id + "@example.com"))
                            .post("/users").then().extract().statusCode();
                };
                answers.add(pool.submit(create));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            Map<Integer, Long> byStatus = statuses.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(Map.of(201, 1L, 409, (long) threads - 1), byStatus);
        } finally {
            pool.shutdownNow();
        }
        given().get("/users/" + id).then().statusCode(200);
    }

    @Test
    void invalidBodiesAre400NamingTheFieldAndStoreNothing() {
        String id = newId();
        Map<String, String> badBodies = Map.of(
                body("Bad Id", "Name", "a@example.com"), "id",
                body(id, "", "a@example.com"), "name",
                body(id, "   ", "a@example.com"), "name",
                body(id, "x".repeat(101), "a@example.com"), "name",
                body(id, "Name", "not-an-email"), "email",
                body(id, "Name", "a@b"), "email",
                body(id, "Name", "a b@example.com"), "email",
                "{\"name\":\"Name\",\"email\":\"a@example.com\"}", "id",
                "{\"id\":\"" + id + "\",\"email\":\"a@example.com\"}", "name",
                "{\"id\":\"" + id + "\",\"name\":\"Name\"}", "email");
        badBodies.forEach((json, field) -> given().contentType(ContentType.JSON).body(json).post("/users").then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors", hasKey(field)));
        given().get("/users/" + id).then().statusCode(404);
    }

    @Test
    void nameOfExactly100CharactersIsAccepted() {
        String id = newId();
        given().contentType(ContentType.JSON).body(body(id, "n".repeat(100), id + "@example.com"))
                .post("/users").then().statusCode(201);
    }

    @Test
    void malformedJsonAndUnknownFieldsAre400() {
        given().contentType(ContentType.JSON).body("{\"id\":").post("/users").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"id\":\"uabc\",\"name\":\"N\",\"email\":\"a@example.com\",\"admin\":true}")
                .post("/users").then().statusCode(400).body("detail", equalTo("Unknown field 'admin'"));
        given().contentType(ContentType.JSON).post("/users").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/users/uabc").then().statusCode(404);
    }

}
