package dev.meshdemo.common.client;

import dev.meshdemo.common.errors.Problem;

/**
 * A downstream service answered 4xx: the request itself is wrong (unknown id, invalid input), so retrying it
 * cannot help. Fault tolerance annotations name this class in {@code abortOn}/{@code skipOn} so that a 4xx is
 * never retried and never opens a circuit breaker.
 */
public class DownstreamRejected extends RuntimeException {

    private final int status;
    private final transient Problem problem;

    public DownstreamRejected(int status, Problem problem) {
        super("downstream answered " + status + (problem != null && problem.detail() != null ? ": " + problem.detail() : ""),
                null, false, false);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    /** The downstream's problem document, when it sent one. */
    public Problem problem() {
        return problem;
    }
}
