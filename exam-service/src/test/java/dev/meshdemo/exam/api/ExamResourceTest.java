package dev.meshdemo.exam.api;

import static dev.meshdemo.exam.ExamApi.EXAM_1_KEY;
import static dev.meshdemo.exam.ExamApi.body;
import static dev.meshdemo.exam.ExamApi.key;
import static dev.meshdemo.exam.ExamApi.rows;
import static dev.meshdemo.exam.ExamApi.stubCalls;
import static dev.meshdemo.exam.ExamApi.submit;
import static dev.meshdemo.exam.ExamApi.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshdemo.exam.ExamApi;
import dev.meshdemo.exam.ExamTestResources;
import dev.meshdemo.testing.InjectStub;
import dev.meshdemo.testing.StubServer;
import dev.meshdemo.exam.client.UserClient;
import dev.meshdemo.exam.domain.Submissions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ExamTestResources
class ExamResourceTest {

    @InjectStub(UserClient.DEPENDENCY)
    StubServer users;


    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource db;

    @BeforeEach
    void warmUpTheClient() {
        ExamApi.warmUpOnce();
    }

    // --- reading exams --------------------------------------------------------------------------------------

    @Test
    void listsTheSeededExamsWithTheirQuestionCounts() {
        given().get("/exams").then().statusCode(200).contentType(ContentType.JSON)
                .body("size()", equalTo(2))
                .body("id", equalTo(List.of(1, 2)))
                .body("title", everyItem(notNullValue()))
                .body("questionCount", equalTo(List.of(5, 5)));
    }

    @Test
    void questionsCarryChoicesInOrder() {
        given().get("/exams/1/questions").then().statusCode(200).contentType(ContentType.JSON)
                .body("id", equalTo(List.of(101, 102, 103, 104, 105)))
                .body("position", equalTo(List.of(1, 2, 3, 4, 5)))
                .body("[0].text", containsString("PeerAuthentication"))
                .body("[0].choices", equalTo(List.of("PERMISSIVE", "STRICT", "DISABLE", "UNSET")));
        for (int exam = 1; exam <= 2; exam++) {
            List<List<String>> choices = given().get("/exams/" + exam + "/questions").then().statusCode(200)
                    .body("size()", equalTo(5)).extract().jsonPath().getList("choices");
            for (List<String> c : choices) {
                assertTrue(c.size() >= 3 && c.size() <= 4, "3-4 choices per question: " + c);
            }
        }
    }

    @Test
    void questionsNeverRevealTheCorrectAnswers() throws Exception {
        Pattern revealing = Pattern.compile("(?i).*(correct|answer|solution|right|key).*");
        for (int exam = 1; exam <= 2; exam++) {
            JsonNode questions = JSON.readTree(given().get("/exams/" + exam + "/questions").then().statusCode(200)
                    .extract().asString());
            List<String> fields = new ArrayList<>();
            collectFieldNames(questions, fields);
            assertEquals(Set.of("id", "position", "text", "choices"), Set.copyOf(fields));
            assertTrue(fields.stream().noneMatch(f -> revealing.matcher(f).matches()), fields.toString());
        }
    }

    private static void collectFieldNames(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                into.add(field.getKey());
                collectFieldNames(field.getValue(), into);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectFieldNames(child, into));
        }
    }

    @Test
    void unknownExamIs404AndMalformedIdIs400() {
        given().get("/exams/99/questions").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Exam '99' does not exist"));
        given().get("/exams/abc/questions").then().statusCode(400).contentType("application/problem+json");
        given().get("/exams/0/questions").then().statusCode(400).contentType("application/problem+json");
        submit(99, key(), body("user1", Map.of())).then().statusCode(404).contentType("application/problem+json");
        given().get("/exams/99/submissions/user1").then().statusCode(404);
        given().get("/exams/1/submissions/NOT_A_HANDLE").then().statusCode(400);
    }

    // --- submitting -----------------------------------------------------------------------------------------

    @Test
    void allCorrectScoresFullMarksAndIsStored() throws Exception {
        String userId = user("ok");
        submit(1, key(), body(userId, EXAM_1_KEY)).then().statusCode(201).contentType(ContentType.JSON)
                .header("Idempotent-Replayed", nullValue())
                .body("submissionId", notNullValue()).body("examId", equalTo(1)).body("userId", equalTo(userId))
                .body("correct", equalTo(5)).body("total", equalTo(5)).body("percent", equalTo(100))
                .body("submittedAt", notNullValue())
                .body("results.correct", everyItem(equalTo(true)));
        assertEquals(1, rows(db, "submission", userId));
        assertEquals(5, rows(db, "submission_answer", userId));
    }

    @Test
    void wrongAndUnansweredQuestionsScoreAsWrong() throws Exception {
        String userId = user("ok");
        Map<String, String> answers = Map.of("101", "STRICT", "102", "the client's identity", "103", "traceparent");
        Response response = submit(1, key(), body(userId, answers));
        response.then().statusCode(201)
                .body("correct", equalTo(2)).body("total", equalTo(5)).body("percent", equalTo(40))
                .body("results.questionId", equalTo(List.of(101, 102, 103, 104, 105)))
                .body("results.correct", equalTo(List.of(true, true, false, false, false)))
                .body("results[2].answer", equalTo("traceparent"))
                .body("results[3].answer", nullValue())
                .body("results[4]", hasKey("answer"));
        // Unanswered questions are stored too (choice NULL), so the stored score can be recomputed.
        assertEquals(5, rows(db, "submission_answer", userId));

        // The history shows the same submission, newest first.
        Response second = submit(1, key(), body(userId, EXAM_1_KEY));
        second.then().statusCode(201);
        given().get("/exams/1/submissions/" + userId).then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].submissionId", equalTo(second.path("submissionId")))
                .body("[0].percent", equalTo(100))
                .body("[1].submissionId", equalTo(response.path("submissionId")))
                .body("[1].submittedAt", equalTo(response.path("submittedAt")))
                .body("[1].results", equalTo(response.path("results")));
        given().get("/exams/2/submissions/" + userId).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void percentIsRoundedToAWholeNumber() {
        String userId = user("ok");
        submit(2, key(), body(userId, Map.of("201", "idempotent ones such as GET"))).then().statusCode(201)
                .body("correct", equalTo(1)).body("total", equalTo(5)).body("percent", equalTo(20));
    }

    @Test
    void unknownQuestionsAndChoicesAre400NamingThemAndStoreNothing() throws Exception {
        String userId = user("ok");
        String key = key();
        Map<String, String> bad = new HashMap<>(Map.of(
                "101", "STRICT",            // fine
                "102", "MAYBE",             // not offered
                "999", "STRICT",            // no such question
                "201", "every POST",        // a question of exam 2
                "abc", "x"));               // not even a number
        submit(1, key, body(userId, bad)).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.keySet()", equalTo(Set.of("answers.102", "answers.999", "answers.201", "answers.abc")))
                .body("errors.'answers.102'", containsString("MAYBE"))
                .body("detail", containsString("answers.999"));
        submit(1, key, "{\"userId\":\"" + userId + "\",\"answers\":{\"101\":null}}").then().statusCode(400)
                .body("errors", hasKey("answers.101"));
        assertEquals(0, rows(db, "submission", userId));
        assertEquals(0, stubCalls(users, userId), "a rejected submission does not look the user up");
        // Nothing was claimed: the key can carry the corrected submission.
        submit(1, key, body(userId, EXAM_1_KEY)).then().statusCode(201).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void malformedBodiesAre400NamingTheField() throws Exception {
        Map<String, String> bodies = Map.of(
                "{\"answers\":{}}", "userId",
                "{\"userId\":\"Bad User\",\"answers\":{}}", "userId",
                "{\"userId\":\"ok-abc\"}", "answers");
        bodies.forEach((json, field) -> submit(1, key(), json).then().statusCode(400)
                .contentType("application/problem+json").body("errors", hasKey(field)));
        submit(1, key(), "{\"userId\":\"ok-abc\",\"answers\":{},\"score\":100}").then().statusCode(400)
                .body("detail", equalTo("Unknown field 'score'"));
        submit(1, key(), "{\"userId\":\"ok-abc\",\"answers\":[\"STRICT\"]}").then().statusCode(400)
                .contentType("application/problem+json");
        submit(1, key(), "not json").then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, rows(db, "submission", "ok-abc"));
    }

    @Test
    void theIdempotencyKeyIsRequired() throws Exception {
        String userId = user("ok");
        submit(1, null, body(userId, EXAM_1_KEY)).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key"));
        submit(1, "x".repeat(201), body(userId, EXAM_1_KEY)).then().statusCode(400);
        submit(1, "has space", body(userId, EXAM_1_KEY)).then().statusCode(400);
        assertEquals(0, rows(db, "submission", userId));
        assertEquals(0, stubCalls(users, userId));
    }

    @Test
    void anEmptySubmissionScoresZero() {
        submit(1, key(), body(user("ok"), Map.of())).then().statusCode(201)
                .body("correct", equalTo(0)).body("total", equalTo(5)).body("percent", equalTo(0))
                .body("results.answer", everyItem(nullValue()));
    }

    @Test
    void theHistoryIsTheNewestHundredEachWithItsOwnAnswers() throws Exception {
        String userId = user("ok");
        List<String> exam1Choices = List.of("PERMISSIVE", "STRICT", "DISABLE", "UNSET");
        List<Response> stored = new ArrayList<>();
        for (int i = 0; i <= Submissions.HISTORY_LIMIT; i++) {
            // Answers that differ from one submission to the next, so that a mixed-up history shows.
            Map<String, String> answers = i % 5 == 0 ? Map.of()
                    : Map.of("101", exam1Choices.get(i % 4), "105", i % 2 == 0 ? "refuses them" : "logs them only");
            Response response = submit(1, key(), body(userId, answers));
            response.then().statusCode(201);
            stored.add(response);
        }
        JsonNode history = JSON.readTree(given().get("/exams/1/submissions/" + userId).then().statusCode(200)
                .extract().asString());
        assertEquals(Submissions.HISTORY_LIMIT, history.size(), "bounded");
        for (int i = 0; i < history.size(); i++) {
            // Newest first: the last submit is the first entry, the very first submit fell off the end.
            assertEquals(JSON.readTree(stored.get(stored.size() - 1 - i).asString()), history.get(i), "entry " + i);
        }
        assertEquals(Submissions.HISTORY_LIMIT + 1, rows(db, "submission", userId), "all are kept, only the list is bounded");
    }

    // --- exactly once ---------------------------------------------------------------------------------------

    @Test
    void twentyConcurrentSubmitsWithOneKeyStoreOneSubmission() throws Exception {
        String userId = user("ok");
        String key = key();
        String body = body(userId, Map.of("101", "STRICT", "104", "the sidecar proxy"));
        int threads = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Response> answers = new ArrayList<>();
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return submit(1, key, body);
                }));
            }
            start.countDown();
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long first = answers.stream().filter(r -> r.header("Idempotent-Replayed") == null).count();
        long replayed = answers.stream().filter(r -> "true".equals(r.header("Idempotent-Replayed"))).count();
        assertEquals(1, first, "one request does the work");
        assertEquals(threads - 1, replayed, "the others replay it");
        for (Response r : answers) {
            assertEquals(201, r.statusCode());
            assertEquals(JSON.readTree(answers.get(0).asString()), JSON.readTree(r.asString()), "same answer");
        }
        assertEquals(1, rows(db, "submission", userId));
        assertEquals(5, rows(db, "submission_answer", userId));
        assertEquals(1, stubCalls(users, userId), "replays do not ask user-service again");
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() throws Exception {
        String userId = user("ok");
        String key = key();
        submit(1, key, body(userId, Map.of("101", "STRICT"))).then().statusCode(201);
        submit(1, key, body(userId, Map.of("101", "DISABLE"))).then().statusCode(422)
                .contentType("application/problem+json").body("status", equalTo(422));
        submit(2, key, body(userId, Map.of())).then().statusCode(422);
        submit(1, key, body(user("ok"), Map.of("101", "STRICT"))).then().statusCode(422);
        // The same body with its answers in another order is the same request.
        submit(1, key, "{\"answers\":{\"101\":\"STRICT\"},\"userId\":\"" + userId + "\"}").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        assertEquals(1, rows(db, "submission", userId));
    }

    // --- the user check -------------------------------------------------------------------------------------

    @Test
    void anUnknownUserIs404AndIsAskedForOnce() throws Exception {
        String userId = user("missing");
        String key = key();
        submit(1, key, body(userId, EXAM_1_KEY)).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", equalTo("User '" + userId + "' does not exist"));
        assertEquals(1, stubCalls(users, userId), "a 4xx is never retried");
        assertEquals(0, rows(db, "submission", userId));
        // A 4xx is an answer like any other: the same key replays it without asking again.
        submit(1, key, body(userId, EXAM_1_KEY)).then().statusCode(404).header("Idempotent-Replayed", "true");
        assertEquals(1, stubCalls(users, userId));
    }

}
