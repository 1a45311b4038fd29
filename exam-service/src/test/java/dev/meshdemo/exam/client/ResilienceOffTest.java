package dev.meshdemo.exam.client;

import static dev.meshdemo.exam.ExamApi.EXAM_1_KEY;
import static dev.meshdemo.exam.ExamApi.body;
import static dev.meshdemo.exam.ExamApi.key;
import static dev.meshdemo.exam.ExamApi.stubCalls;
import static dev.meshdemo.exam.ExamApi.submit;
import static dev.meshdemo.exam.ExamApi.user;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.exam.ExamApi;
import dev.meshdemo.exam.ExamTestResources;
import dev.meshdemo.testing.InjectStub;
import dev.meshdemo.testing.StubServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code APP_RESILIENCE=off}: the environment variable itself, set by a surefire execution of its own (see
 * pom.xml), so this tests the real switch in meshdemo-client and not a copy of the properties it sets.
 * Retries and the circuit breaker are off, the timeout stays.
 */
@QuarkusTest
@ExamTestResources
class ResilienceOffTest {

    @InjectStub(UserClient.DEPENDENCY)
    StubServer users;


    @BeforeEach
    void warmUpTheClient() {
        ExamApi.warmUpOnce();
    }

    @Test
    void theSwitchIsReallyOff() {
        assertEquals("off", System.getenv("APP_RESILIENCE"), "run by the resilience-off surefire execution");
    }

    @Test
    void a5xxReachesTheCallerWithoutRetries() {
        String userId = user("down");
        submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(503)
                .body("detail", equalTo("user-service answered 503"));
        assertEquals(1, stubCalls(users, userId));
    }

    @Test
    void theCircuitNeverOpens() {
        String userId = user("down");
        for (int i = 0; i < 15; i++) {
            submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(503)
                    .body("detail", equalTo("user-service answered 503"));
        }
        assertEquals(15, stubCalls(users, userId), "every call reached user-service");
        submit(1, key(), body(user("ok"), EXAM_1_KEY)).then().statusCode(201);
    }

    @Test
    void theTimeoutStays() {
        String userId = user("slow");
        long start = System.nanoTime();
        submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(503)
                .body("detail", equalTo("user-service did not answer in time"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2500, "answered after " + tookMs + " ms");
    }
}
