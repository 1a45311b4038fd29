package dev.meshdemo.exam;

import dev.meshdemo.testing.MalformedInput.Endpoint;
import dev.meshdemo.testing.SharedBehaviourTests;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/**
 * The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against exam-service.
 */
@QuarkusTest
@ExamTestResources
class ExamSharedBehaviourTest extends SharedBehaviourTests {

    @Override
    protected String serviceName() {
        return "exam-service";
    }

    @Override
    protected String faultablePath() {
        return "/exams/1/questions";
    }

    @Override
    protected String faultablePathPattern() {
        return "/exams.*";
    }

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(Endpoint.of("GET", "/exams"), Endpoint.of("GET", "/exams/{id}/questions"),
                Endpoint.of("POST", "/exams/{id}/submit", "{\"userId\":\"user1\",\"answers\":{\"101\":\"A\"}}")
                        .withHeader("Idempotency-Key", "malformed-input-1"),
                Endpoint.of("GET", "/exams/{id}/submissions/{handle}"));
    }
}
