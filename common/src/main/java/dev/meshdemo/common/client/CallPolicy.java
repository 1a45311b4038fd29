package dev.meshdemo.common.client;

/**
 * The numbers of the app-level fault tolerance on every outgoing call, in one place (annotation values must
 * be constants). {@code APP_RESILIENCE=off} switches the retries and circuit breakers off, never the timeout.
 */
public final class CallPolicy {

    /** Per attempt: a slow dependency becomes a 503 for our caller, not a hanging request. */
    public static final long TIMEOUT_MS = 1000;

    /**
     * Retries after the first attempt, for idempotent calls only and only on 5xx/429/refused connections. With
     * the workshop's 30 % fault knob, 1 - 0.3^4 = 99.2 % of calls succeed, so the effect is plain to see.
     */
    public static final int MAX_RETRIES = 3;
    public static final long RETRY_DELAY_MS = 50;
    public static final long RETRY_JITTER_MS = 25;

    /**
     * The circuit opens when 80 % of the last 20 attempts failed. SmallRye Fault Tolerance counts every retry
     * attempt, so a lower ratio would trip by chance under a 30 % fault (P(16+ of 20) is about 3e-6), while
     * a dead dependency still trips it within a few calls. Open for 5 s, then half-open.
     */
    public static final int CIRCUIT_VOLUME = 20;
    public static final double CIRCUIT_FAILURE_RATIO = 0.8;
    public static final long CIRCUIT_DELAY_MS = 5000;

    private CallPolicy() {
    }
}
