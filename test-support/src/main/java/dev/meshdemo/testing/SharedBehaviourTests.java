package dev.meshdemo.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every service shares, tested once and run by each service: a service's test extends this
 * class, adds {@code @QuarkusTest}, names a faultable path and lists its endpoints for the malformed-input
 * campaign. Every request here is also checked against the service's /q/openapi ({@link ContractValidation}).
 */
public abstract class SharedBehaviourTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Inject
    DataSource db;

    /** The service name as in {@code x-service}, e.g. {@code product-service}. */
    protected abstract String serviceName();

    /** A GET path that answers 200 and that the fault knobs may fail, e.g. {@code /products/1}. */
    protected abstract String faultablePath();

    /** A regex over paths that matches {@link #faultablePath()}, e.g. {@code /products.*}. */
    protected abstract String faultablePathPattern();

    /** Every endpoint of the service's own API, with a valid body where it takes one (see {@link MalformedInput}). */
    protected abstract List<MalformedInput.Endpoint> endpoints();

    /**
     * Whether {@link #faultablePath()} reads the database on every request (true for all but product-service,
     * which answers from an in-memory catalog). When it does not, the database-hang test expects it to keep
     * answering 200 during the outage instead of a fast 503.
     */
    protected boolean faultablePathReadsTheDatabase() {
        return true;
    }

    /**
     * A write the database-hang test sends during and after the outage, numbered so that it can check later
     * that every acknowledged one was stored; null if the service has no write of its own to try.
     */
    protected WriteProbe writeProbe() {
        return null;
    }

    /** A numbered write and the check that it was stored. */
    public interface WriteProbe {
        Response write(int n);

        boolean stored(int n);
    }

    @AfterEach
    void restoreDefaults() throws Exception {
        given().contentType(ContentType.JSON)
                .body("{\"errorRate\":0,\"delayMs\":0,\"delayRate\":0,\"paths\":\"\"}")
                .put("/admin/faults").then().statusCode(200);
        PostgresTestResource.database().resume();
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
    void whoamiTrustsNoPeerHeaderWithoutAMesh() {
        // APP_MESH is unset in tests: nothing strips these headers, so any client could claim to be admin.
        given().header("x-forwarded-client-cert", "URI=spiffe://cluster.local/ns/meshdemo/sa/admin")
                .header("l5d-client-id", "admin.meshdemo.serviceaccount.identity.linkerd.cluster.local")
                .get("/whoami").then().statusCode(200)
                .body("peer.identity", nullValue())
                .body("peer.source", nullValue());
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
        // The aliases answer what SmallRye Health answers; readiness includes the bounded database check.
        given().get("/ready").then().body("checks.name", org.hamcrest.Matchers.hasItem("database"));
        assertEquals(given().get("/q/health/live").then().extract().path("checks").toString(),
                given().get("/health").then().extract().path("checks").toString());
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
        // The probes are reroutes for GET and HEAD only.
        given().delete("/ready").then().statusCode(405).contentType("application/problem+json")
                .header("Allow", "GET, HEAD");
        given().head("/ready").then().statusCode(200);
    }

    @Test
    void wrongMediaTypeIsProblemJson415() {
        given().contentType(ContentType.TEXT).body("errorRate=1").put("/admin/faults").then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void errorAnswersAreNotSniffableAndDoNotEchoMarkup() {
        String body = given().urlEncodingEnabled(false).get("/nope/%3Cimg%20src=x%20onerror=alert(1)%3E")
                .then().statusCode(404).contentType("application/problem+json")
                .header("X-Content-Type-Options", "nosniff").extract().asString();
        assertFalse(body.contains("<") || body.contains(">"), body);
        for (String path : List.of(faultablePath(), "/health", "/ready", "/whoami", "/q/openapi")) {
            given().get(path).then().header("X-Content-Type-Options", "nosniff");
        }
    }

    // --- the fault knobs' regex --------------------------------------------------------------------------

    @Test
    void aCatastrophicPathsRegexCostsNothing() {
        putFaults("{\"errorRate\":0.0001,\"paths\":\"/((a+)+)+b\"}").then().statusCode(200);
        String path = "/" + "a".repeat(40);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            given().get(path).then().statusCode(404);
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // With java.util.regex each of these requests took seconds on the event loop; RE2 is linear.
        assertTrue(tookMs < 5_000, "20 requests took " + tookMs + " ms");
        putFaults("{\"paths\":\"" + "a".repeat(201) + "\"}").then().statusCode(400)
                .body("errors.paths", containsString("at most 200"));
        putFaults("{\"paths\":\"(a)\\\\1\"}").then().statusCode(400);
    }

    // --- hostile input --------------------------------------------------------------------------------------

    private static final RestAssuredConfig AS_GIVEN = RestAssured.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    /**
     * The malformed-input campaign: every endpoint of the service and {@code PUT /admin/faults}, each with
     * every variant of {@link MalformedInput} (some 100 to 170 per endpoint). Each must be a 4xx problem+json,
     * none a 5xx, and no table may gain or lose a row, nor the knobs change.
     */
    @Test
    void malformedInputIsRefusedWithProblemJsonAndStoresNothing() throws Exception {
        List<MalformedInput.Endpoint> all = new ArrayList<>(endpoints());
        all.add(MalformedInput.Endpoint.of("PUT", "/admin/faults",
                "{\"errorRate\":0,\"delayMs\":0,\"delayRate\":0,\"paths\":\"/nothing\"}"));
        putFaults("{\"errorRate\":0,\"delayMs\":0,\"delayRate\":0,\"paths\":\"\"}").then().statusCode(200);
        Map<String, Long> rowsBefore = rowCounts();
        String knobsBefore = given().get("/admin/faults").then().statusCode(200).extract().asString();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (MalformedInput.Endpoint endpoint : all) {
            for (MalformedInput.Case c : MalformedInput.casesFor(endpoint)) {
                sent++;
                String failure = refusedProperly(c);
                if (failure != null) {
                    failures.add(c + " -> " + failure);
                }
            }
        }
        System.out.printf("%s: %d malformed requests over %d endpoints, %d not refused properly%n",
                serviceName(), sent, all.size(), failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " malformed requests were not a 4xx "
                + "problem+json:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertEquals(rowsBefore, rowCounts(), "malformed requests changed the database");
        assertEquals(knobsBefore, given().get("/admin/faults").then().extract().asString());
    }

    /** Null if the case was answered with a 4xx problem+json, else what was wrong. */
    private String refusedProperly(MalformedInput.Case c) throws Exception {
        int status;
        String contentType;
        String body;
        if (c.contentType() == null || !c.contentType().equals(MalformedInput.JSON_TYPE) || c.path().contains("//")) {
            // What RestAssured would normalise (content types, empty path segments) is sent as raw bytes.
            RawHttp.Answer answer = RawHttp.send(RestAssured.port, MalformedInputCampaign.raw(c));
            status = answer.status();
            contentType = answer.header("content-type");
            body = answer.body();
        } else {
            RequestSpecification request = given().config(AS_GIVEN).urlEncodingEnabled(false).headers(c.headers());
            if (c.body() != null) {
                request = request.contentType(c.contentType()).body(c.body());
            }
            Response response;
            try {
                response = request.request(c.method(), c.path());
            } catch (AssertionError contractViolation) {
                return contractViolation.getMessage();
            }
            status = response.statusCode();
            contentType = response.contentType();
            body = response.asString();
        }
        boolean problem = contentType != null && contentType.startsWith("application/problem+json")
                && body.contains("\"status\":" + status);
        if (status >= 400 && status < 500 && problem) {
            return null;
        }
        return status + " " + contentType + " " + (body.length() > 200 ? body.substring(0, 200) : body);
    }

    /** Rows per table of the service's schema (Flyway's history aside). */
    protected Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                    + "AND table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /**
     * The HTTP layer (RFC 9112): ambiguous framing is refused, not guessed at, and answered with problem+json
     * where the request got far enough for the application to see it. What Netty's decoder rejects itself
     * (header syntax, bare CR, 414, 431) is a 4xx without a body: Vert.x answers it before any handler runs.
     */
    @Test
    void theHttpLayerRefusesAmbiguousRequests() throws Exception {
        int port = RestAssured.port;
        String json = "{\"errorRate\":0}";
        String put = "PUT /admin/faults HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
        Map<String, String> problemJson = new java.util.LinkedHashMap<>();
        problemJson.put("TE chunked, identity", put + "Transfer-Encoding: chunked, identity\r\n\r\n"
                + chunked(json));
        problemJson.put("two TE headers", put + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunked(json));
        problemJson.put("TE identity", put + "Transfer-Encoding: identity\r\nContent-Length: 15\r\n\r\n" + json);
        problemJson.put("duplicate Host", "GET /whoami HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        problemJson.put("missing Host", "GET /whoami HTTP/1.1\r\nConnection: close\r\n\r\n");
        problemJson.put("HTTP/9.9", "GET /whoami HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        problemJson.put("target without /", "GET whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        problemJson.put("413 by Content-Length", put + "Content-Length: 100000\r\n\r\n" + json);
        problemJson.put("chunked with trailer, malformed JSON", put + "Transfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"err\r\n0\r\nX-Trailer: 1\r\n\r\n");
        problemJson.put("raw TAB in target", "DELETE /whoami/\t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        for (Map.Entry<String, String> c : problemJson.entrySet()) {
            RawHttp.Answer answer = RawHttp.send(port, c.getValue());
            assertTrue(answer.status() >= 400 && answer.status() < 600 && answer.status() != 500
                    && answer.isProblemJson(), c.getKey() + " -> " + answer);
        }
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("space in header name", "GET /whoami HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n");
        refused.put("bare CR in header", "GET /whoami HTTP/1.1\r\nHost: localhost\r\nX-A: a\rb\r\n\r\n");
        refused.put("414", "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        refused.put("431", "GET /whoami HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        refused.put("bad chunk size", put + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            RawHttp.Answer answer = RawHttp.send(port, c.getValue());
            assertTrue(answer.status() == -1 || answer.status() >= 400 && answer.status() < 500,
                    c.getKey() + " -> " + answer);
        }
        given().get("/admin/faults").then().statusCode(200).body("errorRate", equalTo(0.0f));
    }

    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    // --- a hung database ------------------------------------------------------------------------------------

    /**
     * Every PostgreSQL byte held (not refused): requests that need the database answer 503 problem+json within
     * 2 s, /ready goes DOWN within 5 s and every probe answers within its 1 s timeout, UP again within 5 s
     * after the database returns, and every write that was acknowledged is there afterwards.
     */
    @Test
    void aHungDatabaseIsAFast503AndReadinessFollowsWithinItsProbeTimeout() throws Exception {
        given().get(faultablePath()).then().statusCode(200);
        WriteProbe writes = writeProbe();
        List<Integer> acknowledged = new ArrayList<>();
        if (writes != null && writes.write(0).statusCode() / 100 == 2) {
            acknowledged.add(0);
        }
        TcpProxy database = PostgresTestResource.database();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long slowest503 = 0;
        long downAfter;
        long slowestProbe = 0;
        try {
            database.stall();
            long stalledAt = System.nanoTime();
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    Response r = given().get(faultablePath());
                    return new long[] {r.statusCode(), (System.nanoTime() - start) / 1_000_000,
                            r.contentType().startsWith("application/problem+json") ? 1 : 0};
                }));
            }
            boolean needsTheDatabase = faultablePathReadsTheDatabase();
            for (Future<long[]> answer : answers) {
                long[] a = answer.get();
                if (needsTheDatabase) {
                    assertEquals(503, a[0], "a request that needs the hung database");
                    assertEquals(1, a[2], "503 as problem+json");
                } else {
                    assertEquals(200, a[0], "a read served from memory, the database hung");
                }
                slowest503 = Math.max(slowest503, a[1]);
            }
            assertTrue(slowest503 <= 2_000, "slowest answer took " + slowest503 + " ms");
            while (true) {
                long start = System.nanoTime();
                int status = given().get("/ready").statusCode();
                long took = (System.nanoTime() - start) / 1_000_000;
                slowestProbe = Math.max(slowestProbe, took);
                assertTrue(took < 1_000, "a readiness probe took " + took + " ms");
                downAfter = (System.nanoTime() - stalledAt) / 1_000_000;
                if (status == 503) {
                    // /ready is a reroute: SmallRye Health's own path is bounded by the same check.
                    long direct = System.nanoTime();
                    given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
                    long directMs = (System.nanoTime() - direct) / 1_000_000;
                    assertTrue(directMs < 1_000, "/q/health/ready took " + directMs + " ms");
                    break;
                }
                assertTrue(downAfter < 5_000, "/ready still UP " + downAfter + " ms into the outage");
                Thread.sleep(100);
            }
            // Writes while the database hangs: a 503 or, should one get through, stored for good.
            if (writes != null) {
                for (int n = 1; n <= 3; n++) {
                    long start = System.nanoTime();
                    Response r = writes.write(n);
                    long took = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(r.statusCode() == 503 || r.statusCode() / 100 == 2, "write -> " + r.statusCode());
                    assertTrue(took <= 2_000, "a write during the outage took " + took + " ms");
                    slowest503 = Math.max(slowest503, took);
                    if (r.statusCode() / 100 == 2) {
                        acknowledged.add(n);
                    }
                }
            }
            given().get("/health").then().statusCode(200);
        } finally {
            database.resume();
            clients.shutdownNow();
        }
        long resumedAt = System.nanoTime();
        long upAfter;
        while (true) {
            long start = System.nanoTime();
            int status = given().get("/ready").statusCode();
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 1_000, "a readiness probe took " + took + " ms");
            upAfter = (System.nanoTime() - resumedAt) / 1_000_000;
            if (status == 200) {
                break;
            }
            assertTrue(upAfter < 5_000, "/ready still DOWN " + upAfter + " ms after the database returned");
            Thread.sleep(100);
        }
        given().get(faultablePath()).then().statusCode(200);
        if (writes != null) {
            if (writes.write(4).statusCode() / 100 == 2) {
                acknowledged.add(4);
            }
            assertTrue(acknowledged.contains(4), "a write after the outage must succeed");
            for (int n : acknowledged) {
                assertTrue(writes.stored(n), "acknowledged write " + n + " is lost");
            }
        }
        System.out.printf("%s: hung database: slowest 503 %d ms, /ready DOWN after %d ms (slowest probe %d ms), "
                + "UP %d ms after it returned, %d acknowledged writes kept%n", serviceName(), slowest503, downAfter,
                slowestProbe, upAfter, acknowledged.size());
    }

    // --- the published contract ---------------------------------------------------------------------------

    /**
     * /q/openapi says what the service does: a schema for every 2xx with a body, problem+json for every
     * error answer, a pattern for every path parameter, Idempotency-Key required where it is, /ready's 503,
     * and that a peer identity can be null.
     */
    @Test
    void theContractDescribesAnswersErrorsAndParameters() throws Exception {
        com.fasterxml.jackson.databind.JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString());
        List<String> gaps = new ArrayList<>();
        api.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            com.fasterxml.jackson.databind.JsonNode operation = op.getValue();
            operation.path("responses").properties().forEach(response -> {
                int code = Integer.parseInt(response.getKey());
                com.fasterxml.jackson.databind.JsonNode content = response.getValue().path("content");
                boolean probe = path.getKey().equals("/health") || path.getKey().equals("/ready");
                if (code >= 200 && code < 300 && code != 204 && content.path("application/json").path("schema").isMissingNode()) {
                    gaps.add(name + " " + code + " has no schema");
                }
                if (code >= 400 && !probe && content.path("application/problem+json").path("schema").isMissingNode()) {
                    gaps.add(name + " " + code + " is not problem+json");
                }
            });
            for (com.fasterxml.jackson.databind.JsonNode parameter : operation.path("parameters")) {
                String in = parameter.path("in").asText();
                if (in.equals("path") && parameter.path("schema").path("pattern").asText().isEmpty()) {
                    gaps.add(name + " path parameter " + parameter.path("name").asText() + " has no pattern");
                }
                if (parameter.path("name").asText().equals("Idempotency-Key") && !parameter.path("required").asBoolean()) {
                    gaps.add(name + " Idempotency-Key is not required");
                }
                if (parameter.path("name").asText().equals("limit")
                        && parameter.path("schema").path("maximum").isMissingNode()) {
                    gaps.add(name + " limit has no range");
                }
            }
        }));
        assertTrue(gaps.isEmpty(), String.join("\n", gaps));
        assertFalse(api.at("/paths/~1ready/get/responses/503").isMissingNode(), "/ready declares its 503");
        assertTrue(api.at("/components/schemas/PeerIdentity/properties/identity/nullable").asBoolean(),
                "peer.identity is null without a mesh");
        assertEquals("1", api.at("/components/schemas/FaultUpdate/properties/errorRate/maximum").asText());
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

    @Test
    void aRequestWithoutTraceContextRecordsNoSpanUnlessSampled() {
        // OTEL_TRACES_SAMPLER_ARG defaults to 0: a root request is traced (its context propagated) but not
        // recorded. The control, sent after it, is a sampled caller's request: its span is exported, so by then
        // the root request's span would have been too (spans leave in the order they end).
        given().get(faultablePath()).then().statusCode(200);
        given().header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01").get(faultablePath())
                .then().statusCode(200);
        awaitServerSpan();
        assertEquals(List.of(TRACE_ID), spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER).map(SpanData::getTraceId).distinct().toList());
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
