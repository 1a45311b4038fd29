package dev.meshdemo.common.errors;

import java.util.Map;

/** Thrown by application code to answer with a specific problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false); // a deliberate answer, not a fault: no stack trace
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "bad-request", "Bad request", detail));
    }

    public static ProblemException invalid(String detail, Map<String, Object> fieldErrors) {
        return new ProblemException(Problem.of(400, "validation", "Invalid input", detail).withErrors(fieldErrors));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", what + " '" + id + "' does not exist"));
    }

    public static ProblemException conflict(String kind, String detail) {
        return new ProblemException(Problem.of(409, kind, "Conflict", detail));
    }

    public static ProblemException unprocessable(String kind, String detail) {
        return new ProblemException(Problem.of(422, kind, "Unprocessable request", detail));
    }

    /** A dependency (another service) could not answer in time or at all. */
    public static ProblemException dependencyUnavailable(String dependency, String detail) {
        return new ProblemException(Problem.of(503, "dependency-unavailable", dependency + " unavailable", detail));
    }
}
