package dev.meshdemo.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every service shares (docs/CONFIGURATION.md, "Probes and endpoints every service serves"), tested once and run by each
 * service: a service's test extends this class, adds {@code @QuarkusTest} and names a faultable path.
 */
public abstract class ServiceContractTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    /** The service name as in {@code x-service}, e.g. {@code product-service}. */
    protected abstract String serviceName();

    /** A GET path that answers 200 and that the fault knobs may fail, e.g. {@code /products/1}. */
    protected abstract String faultablePath();

    /** A regex over paths that matches {@link #faultablePath()}, e.g. {@code /products.*}. */
    protected abstract String faultablePathPattern();

    @AfterEach
    void restoreDefaults() throws Exception {
        given().contentType(ContentType.JSON)
                .body("{\"errorRate\":0,\"delayMs\":0,\"delayRate\":0,\"paths\":\"\"}")
                .put("/admin/faults").then().statusCode(200);
        PostgresTestResource.database().reconnect();
        spans.reset();
    }

    // --- headers and identity -------------------------------------------------------------------------------

    @Test
    void everyResponseNamesTheServiceAndVersion() {
        for (String path : List.of(faultablePath(), "/health", "/ready", "/q/metrics", "/whoami", "/no/such/path")) {
            given().get(path).then()
                    .header("x-service", serviceName())
                    .header("x-service-version", "v1");
        }
    }

    @Test
    void whoamiWithoutMeshHasNoPeer() {
        given().get("/whoami").then().statusCode(200)
                .body("service", equalTo(serviceName()))
                .body("version", equalTo("v1"))
                .body("pod", notNullValue())
                .body("namespace", notNullValue())
                .body("peer.identity", nullValue())
                .body("peer.source", nullValue());
    }

    @Test
    void whoamiReadsIstioClientCertificate() {
        String xfcc = "By=spiffe://cluster.local/ns/meshdemo/sa/" + serviceName()
                + ";Hash=abc123;Subject=\"\";URI=spiffe://cluster.local/ns/meshdemo/sa/order-service";
        given().header("x-forwarded-client-cert", xfcc).get("/whoami").then().statusCode(200)
                .body("peer.identity", equalTo("spiffe://cluster.local/ns/meshdemo/sa/order-service"))
                .body("peer.source", equalTo("istio"));
    }

    @Test
    void whoamiReadsLinkerdClientId() {
        given().header("l5d-client-id", "order-service.meshdemo.serviceaccount.identity.linkerd.cluster.local")
                .get("/whoami").then().statusCode(200)
                .body("peer.identity", equalTo("order-service.meshdemo.serviceaccount.identity.linkerd.cluster.local"))
                .body("peer.source", equalTo("linkerd"));
    }

    @Test
    void whoamiEchoesNothingElseOfTheRequest() {
        String body = given().header("x-secret", "do-not-echo").queryParam("q", "do-not-echo")
                .get("/whoami").then().statusCode(200).extract().asString();
        assertTrue(!body.contains("do-not-echo"), body);
    }

    // --- health ---------------------------------------------------------------------------------------------

    @Test
    void healthEndpointsAreUp() {
        for (String path : List.of("/health", "/ready", "/q/health/live", "/q/health/ready", "/q/health/started")) {
            given().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void readinessFollowsTheDatabase() throws Exception {
        PostgresTestResource.database().disconnect();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> given().get("/ready").then().statusCode(503).body("status", equalTo("DOWN")));
        // Liveness must not follow: restarting the pod would not bring the database back.
        given().get("/health").then().statusCode(200);

        PostgresTestResource.database().reconnect();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> given().get("/ready").then().statusCode(200).body("status", equalTo("UP")));
        given().get(faultablePath()).then().statusCode(200);
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", notNullValue());
    }

    // --- fault knobs ----------------------------------------------------------------------------------------

    @Test
    void faultKnobsAreOffByDefault() {
        given().get("/admin/faults").then().statusCode(200)
                .body("errorRate", equalTo(0.0f)).body("delayRate", equalTo(0.0f))
                .body("delayMs", equalTo(0)).body("paths", equalTo(""));
        for (int i = 0; i < 20; i++) {
            given().get(faultablePath()).then().statusCode(200);
        }
    }

    @Test
    void errorRateOneFailsEveryMatchingRequestButNeverHealth() {
        putFaults("{\"errorRate\":1.0,\"paths\":\"" + faultablePathPattern() + "\"}").then().statusCode(200)
                .body("errorRate", equalTo(1.0f));
        for (int i = 0; i < 20; i++) {
            given().get(faultablePath()).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503))
                    .header("x-service", serviceName());
        }
        for (String path : List.of("/health", "/ready", "/q/health/ready", "/q/metrics", "/admin/faults", "/whoami")) {
            given().get(path).then().statusCode(200);
        }
        putFaults("{\"errorRate\":0}").then().statusCode(200);
        for (int i = 0; i < 20; i++) {
            given().get(faultablePath()).then().statusCode(200);
        }
    }

    @Test
    void delayKnobDelaysMatchingRequests() {
        putFaults("{\"delayMs\":400,\"delayRate\":1.0,\"paths\":\"" + faultablePathPattern() + "\"}")
                .then().statusCode(200);
        long start = System.nanoTime();
        given().get(faultablePath()).then().statusCode(200);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 400, "expected at least the 400 ms delay, took " + tookMs + " ms");
    }

    @Test
    void partialUpdateKeepsOtherFields() {
        putFaults("{\"errorRate\":0.25,\"paths\":\"/nothing-real\"}").then().statusCode(200);
        putFaults("{\"delayMs\":5}").then().statusCode(200)
                .body("errorRate", equalTo(0.25f)).body("paths", equalTo("/nothing-real")).body("delayMs", equalTo(5));
    }

    @Test
    void invalidFaultSettingsAreRejectedAndChangeNothing() {
        putFaults("{\"errorRate\":0.5,\"paths\":\"/nothing-real\"}").then().statusCode(200);
        for (String bad : List.of("{\"errorRate\":1.5}", "{\"errorRate\":-0.1}", "{\"delayRate\":2}",
                "{\"delayMs\":-1}", "{\"paths\":\"(unclosed\"}", "{\"errorRate\":\"lots\"}",
                "{\"errorRate\":0.1,\"delayRate\":7}", "{\"errRate\":0.1}", "{not json", "")) {
            putFaults(bad).then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("detail", notNullValue());
        }
        given().get("/admin/faults").then().statusCode(200)
                .body("errorRate", equalTo(0.5f)).body("delayRate", equalTo(0.0f)).body("paths", equalTo("/nothing-real"));
    }

    // --- errors ---------------------------------------------------------------------------------------------

    @Test
    void unknownPathsAreProblemJson404() {
        given().get("/no/such/path").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", notNullValue()).body("type", notNullValue());
    }

    @Test
    void wrongMethodIsProblemJson405() {
        given().delete("/whoami").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    @Test
    void wrongMediaTypeIsProblemJson415() {
        given().contentType(ContentType.TEXT).body("errorRate=1").put("/admin/faults").then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
    }

    // --- tracing --------------------------------------------------------------------------------------------

    @Test
    void w3cTraceContextIsContinued() {
        given().header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01").get(faultablePath())
                .then().statusCode(200);
        SpanData server = awaitServerSpan();
        assertEquals(TRACE_ID, server.getTraceId());
        assertEquals(PARENT_SPAN_ID, server.getParentSpanId());
    }

    @Test
    void b3TraceContextIsContinued() {
        given().header("X-B3-TraceId", TRACE_ID).header("X-B3-SpanId", PARENT_SPAN_ID).header("X-B3-Sampled", "1")
                .get(faultablePath()).then().statusCode(200);
        SpanData server = awaitServerSpan();
        assertEquals(TRACE_ID, server.getTraceId());
        assertEquals(PARENT_SPAN_ID, server.getParentSpanId());
    }

    private SpanData awaitServerSpan() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(TRACE_ID))
                .findFirst().orElse(null), s -> s != null);
    }

    protected static Response putFaults(String json) {
        return given().contentType(ContentType.JSON).body(json).put("/admin/faults");
    }

}
