package dev.meshdemo.common.client;

import dev.meshdemo.common.errors.Problem;
import dev.meshdemo.common.errors.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.ws.rs.ProcessingException;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Calls another service and turns its failures into answers for our own caller:
 * a downstream 404 stays a 404 (with the downstream's detail), other 4xx become a 502 naming the dependency
 * and its status (our request to it was wrong, which is our bug), and timeouts, open circuits, refused
 * connections and 5xx become a 503 problem, so a dead dependency is a clear, fast 503 and never a 500.
 *
 * <p>A database transaction of the caller is suspended for the duration of the call: the REST client runs
 * on other threads (event loop, fault tolerance timers), and a transaction context carried onto them could
 * not be rolled back cleanly when the call fails or times out. The transaction resumes afterwards.
 */
public final class Downstream {

    private Downstream() {
    }

    public static <T> T call(String dependency, Supplier<T> call) {
        try {
            return outsideTransaction(call);
        } catch (DownstreamRejected e) {
            if (e.status() == 404) {
                String detail = e.problem() != null && e.problem().detail() != null ? e.problem().detail()
                        : "not found in " + dependency;
                throw new ProblemException(Problem.of(404, "not-found", "Not found", detail));
            }
            throw new ProblemException(Problem.of(502, "bad-downstream-request", "Bad gateway",
                    dependency + " rejected our request with " + e.status()));
        } catch (DownstreamUnavailable e) {
            throw ProblemException.dependencyUnavailable(dependency, dependency + " answered " + e.status());
        } catch (TimeoutException e) {
            throw ProblemException.dependencyUnavailable(dependency, dependency + " did not answer in time");
        } catch (CircuitBreakerOpenException e) {
            throw ProblemException.dependencyUnavailable(dependency,
                    "circuit breaker for " + dependency + " is open after repeated failures");
        } catch (ProcessingException e) {
            throw ProblemException.dependencyUnavailable(dependency, dependency + " is unreachable");
        }
    }

    private static <T> T outsideTransaction(Supplier<T> call) {
        try {
            return QuarkusTransaction.suspendingExisting().call(call::get);
        } catch (QuarkusTransactionException e) {
            // QuarkusTransaction wraps what the task threw; call() handles the original.
            if (e.getCause() instanceof RuntimeException original) {
                throw original;
            }
            throw e;
        }
    }
}
