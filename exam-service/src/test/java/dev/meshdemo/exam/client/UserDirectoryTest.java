package dev.meshdemo.exam.client;

import dev.meshdemo.common.client.CallPolicy;
import static dev.meshdemo.exam.ExamApi.EXAM_1_KEY;
import static dev.meshdemo.exam.ExamApi.body;
import static dev.meshdemo.exam.ExamApi.key;
import static dev.meshdemo.exam.ExamApi.rows;
import static dev.meshdemo.exam.ExamApi.stubCalls;
import static dev.meshdemo.exam.ExamApi.stubHeaders;
import static dev.meshdemo.exam.ExamApi.submit;
import static dev.meshdemo.exam.ExamApi.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.exam.ExamTestResources;
import dev.meshdemo.testing.InjectStub;
import dev.meshdemo.testing.ResilienceMetrics;
import dev.meshdemo.testing.StubServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import dev.meshdemo.exam.ExamApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * exam-service's call to user-service, seen from exam-service's caller, against a stub user-service
 * ({@code UserServiceStub}) and with APP_RESILIENCE on (the default). The same calls with it off:
 * {@code ResilienceOffTest}.
 */
@QuarkusTest
@ExamTestResources
class UserDirectoryTest {

    @InjectStub(UserClient.DEPENDENCY)
    StubServer users;


    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Inject
    DataSource db;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void warmUpTheClient() {
        ExamApi.warmUpOnce();
    }

    @AfterEach
    void closeCircuits() {
        circuitBreakers.resetAll();
    }

    @Test
    void aPersistent5xxIsRetriedThenA503ProblemAndNothingStored() throws Exception {
        String userId = user("down");
        submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(503).contentType("application/problem+json")
                .body("status", equalTo(503)).body("detail", equalTo("user-service answered 503"));
        assertEquals(CallPolicy.MAX_RETRIES + 1, stubCalls(users, userId), "one call and every retry");
        assertEquals(0, rows(db, "submission", userId));
    }

    @Test
    void aRetryThatSucceedsIsInvisibleToTheCallerAndCounted() {
        double retriesBefore = retriesCounted();
        String userId = user("flaky2");
        submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(201).body("percent", equalTo(100));
        assertEquals(3, stubCalls(users, userId), "two failures, then success");
        assertEquals(retriesBefore + 2, retriesCounted(), () -> "ft_retry_retries_total counts both retries; "
                + given().get("/q/metrics").asString().lines().filter(l -> l.startsWith("ft_retry")).toList());
    }

    @Test
    void a503FreesTheKeySoTheClientCanRetryWithIt() throws Exception {
        // One more failure than the retries absorb: the first submission is a 503, the second gets through.
        String userId = user("flaky" + (CallPolicy.MAX_RETRIES + 1));
        String key = key();
        submit(1, key, body(userId, EXAM_1_KEY)).then().statusCode(503);
        submit(1, key, body(userId, EXAM_1_KEY)).then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(1, rows(db, "submission", userId));
    }

    @Test
    void a4xxOtherThan404IsA502AndNeverRetried() {
        String userId = user("reject");
        submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("user-service rejected our request with 400"));
        assertEquals(1, stubCalls(users, userId));
    }

    @Test
    void aSlowUserServiceIsA503WithinTheTimeoutAndNotRetried() throws Exception {
        String userId = user("slow");
        long start = System.nanoTime();
        submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("user-service did not answer in time"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // The timeout is 1000 ms; the stub would take 3000 ms.
        assertTrue(tookMs >= 950 && tookMs < 2500, "answered after " + tookMs + " ms");
        assertEquals(1, stubCalls(users, userId), "a timed-out attempt is not repeated");
        assertEquals(0, rows(db, "submission", userId));
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndFailsFast() {
        // Each failing submission is MAX_RETRIES + 1 failed calls; the circuit opens once its window is full of them.
        String userId = user("down");
        int submissions = 0;
        String detail = "";
        while (!detail.contains("circuit breaker") && submissions < 10) {
            detail = submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(503).extract().path("detail");
            submissions++;
        }
        assertTrue(detail.contains("circuit breaker for user-service is open"), detail);
        int callsWhenOpen = stubCalls(users, userId);
        assertTrue(callsWhenOpen >= CallPolicy.CIRCUIT_VOLUME && callsWhenOpen <= CallPolicy.CIRCUIT_VOLUME + CallPolicy.MAX_RETRIES,
                "opened after " + callsWhenOpen + " calls");
        // While open, nothing reaches user-service, not even for a healthy user.
        String healthy = user("ok");
        long start = System.nanoTime();
        submit(1, key(), body(healthy, EXAM_1_KEY)).then().statusCode(503)
                .body("detail", containsString("circuit breaker"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 400, "an open circuit fails fast");
        assertEquals(0, stubCalls(users, healthy));
        assertEquals(callsWhenOpen, stubCalls(users, userId));
        given().get("/q/metrics").then().body(containsString("ft_circuitbreaker_opened_total"));
    }

    @Test
    void notFoundAnswersDoNotOpenTheCircuit() {
        for (int i = 0; i < 15; i++) {
            submit(1, key(), body(user("missing"), EXAM_1_KEY)).then().statusCode(404);
        }
        submit(1, key(), body(user("ok"), EXAM_1_KEY)).then().statusCode(201);
    }

    @Test
    void requestAndTraceHeadersReachUserService() {
        String userId = user("ok");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key())
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .header("x-request-id", "req-" + userId)
                .header("user-type", "vip")
                .body(body(userId, EXAM_1_KEY)).post("/exams/1/submit").then().statusCode(201);
        Map<String, String> headers = stubHeaders(users, userId);
        assertTrue(headers.getOrDefault("traceparent", "").startsWith("00-" + TRACE_ID + "-"), headers.toString());
        assertEquals(TRACE_ID, headers.get("x-b3-traceid"), headers.toString());
        assertEquals("req-" + userId, headers.get("x-request-id"));
        assertEquals("vip", headers.get("user-type"));
    }

    /** ft_retry_retries_total of the user-service policy (0 before the first retry). */
    static double retriesCounted() {
        return ResilienceMetrics.retries(UserClient.DEPENDENCY);
    }

    @Test
    void aRefusedConnectionIsRetriedLikeInEveryOtherService() {
        double retriesBefore = retriesCounted();
        users.stop();
        try {
            submit(1, key(), body(user("ok"), EXAM_1_KEY)).then().statusCode(503)
                    .body("detail", equalTo("user-service is unreachable"));
            assertEquals(retriesBefore + CallPolicy.MAX_RETRIES, retriesCounted(),
                    "the request never reached user-service, so it is retried");
        } finally {
            users.reset();
        }
    }
}
