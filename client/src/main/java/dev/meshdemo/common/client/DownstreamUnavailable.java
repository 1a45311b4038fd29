package dev.meshdemo.common.client;

/**
 * A downstream service answered 5xx (or 429): a transient failure, worth a retry for idempotent calls and
 * counted by circuit breakers.
 */
public class DownstreamUnavailable extends RuntimeException {

    private final int status;

    public DownstreamUnavailable(int status) {
        super("downstream answered " + status, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
