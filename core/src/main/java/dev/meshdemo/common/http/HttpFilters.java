package dev.meshdemo.common.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshdemo.common.errors.Problem;
import dev.meshdemo.common.faults.FaultKnobs;
import dev.meshdemo.common.identity.ServiceInfo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Behaviour on the HTTP layer, below JAX-RS, so that it covers every answer (also /q/*, unknown paths and
 * answers produced by the knobs themselves):
 * <ul>
 *   <li>{@code x-service} / {@code x-service-version} and {@code X-Content-Type-Options: nosniff} on every
 *   response (scenarios count routing by the first two; the last keeps browsers from sniffing error bodies);</li>
 *   <li>{@link RequestGuard}: malformed framing, targets, content types, sizes and encodings are refused here,
 *   before the fault knobs and before any resource;</li>
 *   <li>the fault knobs, applied before the request reaches a resource;</li>
 *   <li>problem+json for paths no route serves and for failures of the HTTP layer itself.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpFilters {

    private static final Logger LOG = Logger.getLogger(HttpFilters.class);

    public static final String SERVICE_HEADER = "x-service";
    public static final String VERSION_HEADER = "x-service-version";

    // Vert.x runs routes in ascending order; JAX-RS is mounted at order 0-ish, these run well before it.
    private static final int HEADERS_ORDER = -300;
    private static final int GUARD_ORDER = -290;
    private static final int BODY_ORDER = -280;
    private static final int FAULTS_ORDER = -200;
    private static final long DRAIN_LIMIT = 2 * 1024 * 1024;

    private final ServiceInfo info;
    private final FaultKnobs knobs;
    private final ObjectMapper json;

    public HttpFilters(ServiceInfo info, FaultKnobs knobs, ObjectMapper json) {
        this.info = info;
        this.knobs = knobs;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(HEADERS_ORDER).handler(this::serviceHeaders);
        router.route().order(HEADERS_ORDER).failureHandler(this::failure);
        router.route().order(GUARD_ORDER).handler(this::guard);
        // Bodies are read whole (bounded) before JAX-RS: a chunked body with trailers is then just bytes,
        // and its encoding can be checked before it is parsed.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(RequestGuard.MAX_BODY_BYTES);
        router.route().order(BODY_ORDER).handler(ctx -> {
            if (!RequestGuard.hasBody(ctx.request().method())) {
                ctx.next();
            } else if (ctx.request().isEnded() || "0".equals(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
                // Nothing to read: BodyHandler and JAX-RS would both wait for an end that already happened.
                ctx.setBody(Buffer.buffer());
                ctx.next();
            } else {
                body.handle(ctx);
            }
        });
        router.route().order(BODY_ORDER + 1).handler(ctx -> {
            Problem problem = RequestGuard.hasBody(ctx.request().method()) && ctx.body() != null
                    ? RequestGuard.encodingProblem(ctx.body().buffer()) : null;
            if (problem != null) {
                problem(ctx, problem);
            } else {
                ctx.next();
            }
        });
        router.route().order(FAULTS_ORDER).handler(this::faults);
        // Runs only when no other route answered: JAX-RS and the /q endpoints call next() for paths they
        // do not serve, and Vert.x's own 404 would be an HTML page.
        // The path is in "instance" (encoded), never raw in "detail".
        router.route().last().handler(ctx -> problem(ctx, Problem.of(404, "not-found", "Not Found",
                "No resource at this path")));
    }

    private void serviceHeaders(RoutingContext ctx) {
        setServiceHeaders(ctx.response());
        ctx.next();
    }

    private void setServiceHeaders(HttpServerResponse response) {
        response.headers().set(SERVICE_HEADER, info.name()).set(VERSION_HEADER, info.version())
                .set("X-Content-Type-Options", "nosniff");
    }

    private void guard(RoutingContext ctx) {
        Problem problem = RequestGuard.framingProblem(ctx.request());
        if (problem == null && RequestGuard.hasBody(ctx.request().method())) {
            problem = RequestGuard.contentTypeProblem(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        }
        if (problem == null) {
            ctx.next();
            return;
        }
        if (RequestGuard.framingUnclear(ctx.request())) {
            // The rest of the connection cannot be parsed reliably (RFC 9112 6.3): answer, then close.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        problem(ctx, problem);
    }

    /** Failures of the HTTP layer (body too large, a handler's exception, Vert.x' own 400s) as problem+json. */
    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            problem(ctx, RequestGuard.tooLarge());
            drain(ctx.request());
            return;
        }
        if (status >= 400 && status < 500) {
            problem(ctx, Problem.of(status, "bad-request", "Bad Request", "The request is malformed"));
            return;
        }
        LOG.errorf(ctx.failure(), "request to %s failed", ctx.normalizedPath());
        problem(ctx, Problem.of(500, "internal", "Internal error", "The server could not handle the request"));
    }

    /**
     * Reads and drops the rest of a refused body (up to {@value #DRAIN_LIMIT} bytes, then the connection is
     * closed): closing at once would reset the connection while the client still sends, and it would lose the
     * answer.
     */
    private static void drain(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        long[] seen = {0};
        request.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > DRAIN_LIMIT) {
                request.connection().close();
            }
        });
        request.resume();
    }

    private void faults(RoutingContext ctx) {
        FaultKnobs.Decision decision = knobs.decide(ctx.normalizedPath());
        if (decision.delayMs() == 0 && !decision.fail()) {
            ctx.next();
            return;
        }
        // The delay is a timer, not a sleep: it costs no worker thread, like a slow network would not.
        Runnable after = () -> {
            if (decision.fail()) {
                problem(ctx, Problem.of(503, "injected-fault", "Service Unavailable",
                        "Fault injected by FAULT_ERROR_RATE (see GET /admin/faults)"));
            } else {
                ctx.next();
            }
        };
        if (decision.delayMs() > 0) {
            ctx.vertx().setTimer(decision.delayMs(), id -> after.run());
        } else {
            after.run();
        }
    }

    private void problem(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        try {
            setServiceHeaders(response);
            String path;
            try {
                path = ctx.normalizedPath();
            } catch (RuntimeException e) {
                path = null; // a target Vert.x cannot even normalise
            }
            response.setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem.withInstance(path)));
        } catch (Exception e) {
            LOG.warnf("could not answer %d: %s", problem.status(), e.getMessage());
            response.setStatusCode(problem.status()).end();
        }
    }
}
