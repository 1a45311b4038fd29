package dev.meshdemo.exam;

import dev.meshdemo.testing.ServiceContractTests;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The cross-cutting behaviour (headers, /whoami, health, knobs, errors, tracing) against exam-service.
 */
@QuarkusTest
@ExamTestResources
class ExamServiceContractTest extends ServiceContractTests {

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
}
