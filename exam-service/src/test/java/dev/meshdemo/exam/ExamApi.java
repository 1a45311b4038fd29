package dev.meshdemo.exam;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshdemo.testing.StubServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/** What the exam-service tests share: requests, the seeded answer key, row counts, the stub's call log. */
public final class ExamApi {

    /** The seeded correct choices (V2__seed_exams.sql), known to the tests only, never to the API. */
    public static final Map<String, String> EXAM_1_KEY = Map.of(
            "101", "STRICT",
            "102", "the client's identity",
            "103", "x-forwarded-client-cert",
            "104", "the control plane",
            "105", "refuses them");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean warm;

    private ExamApi() {
    }

    /**
     * One successful submission, so that timing assertions do not measure the first call's one-off costs
     * (connection pools, the REST client, class loading), which on a busy machine can exceed the timeout.
     */
    public static synchronized void warmUpOnce() {
        if (!warm) {
            submit(1, key(), body(user("warmup"), Map.of())).then().statusCode(201);
            warm = true;
        }
    }

    /** A fresh user id whose prefix tells the stub how to answer (see {@code UserServiceStub}). */
    public static String user(String behaviour) {
        return behaviour + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String key() {
        return "test-" + UUID.randomUUID();
    }

    public static String body(String userId, Map<String, String> answers) {
        try {
            return JSON.writeValueAsString(Map.of("userId", userId, "answers", answers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response submit(long examId, String key, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/exams/" + examId + "/submit");
    }

    /** How often user-service was asked for this user. */
    public static int stubCalls(StubServer users, String userId) {
        return (int) users.count("GET", "/users/" + userId);
    }

    /** The headers (names in lower case) of the last request for this user. */
    public static Map<String, String> stubHeaders(StubServer users, String userId) {
        Map<String, String> headers = new TreeMap<>();
        users.requests().stream().filter(r -> r.path().equals("/users/" + userId)).reduce((a, b) -> b)
                .ifPresent(r -> r.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                        String.join(",", values))));
        return headers;
    }

    /** Rows in {@code table} (submission or submission_answer) belonging to the user's submissions. */
    public static int rows(DataSource db, String table, String userId) throws SQLException {
        String sql = switch (table) {
            case "submission" -> "SELECT count(*) FROM submission WHERE user_id = ?";
            case "submission_answer" -> "SELECT count(*) FROM submission_answer a JOIN submission s ON s.id = a.submission_id WHERE s.user_id = ?";
            default -> throw new IllegalArgumentException(table);
        };
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
