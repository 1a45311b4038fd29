package dev.meshdemo.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProviderContractsTest {

    @Test
    void everyCallOfTheCallGraphHasItsInteractions() throws IOException {
        String graph = Files.readString(Path.of("..", "mesh", "call-graph.yaml"));
        Matcher m = Pattern.compile("\\{from: ([a-z-]+),\\s*to: ([a-z-]+),\\s*method: ([A-Z]+),\\s*path: \"([^\"]+)\"}")
                .matcher(graph);
        Set<String> calls = new TreeSet<>();
        while (m.find()) {
            calls.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
        }
        Set<String> covered = ProviderContracts.ALL.stream()
                .map(i -> i.consumer() + " " + i.provider() + " " + i.method() + " " + i.pathTemplate())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(6, calls.size(), "calls parsed from mesh/call-graph.yaml: " + calls);
        assertEquals(calls, covered, "ProviderContracts must cover exactly the calls of mesh/call-graph.yaml");
    }

    @Test
    void aStubMayNotClaimAFieldOrTypeTheProviderLacks() {
        assertNull(ProviderContracts.checkStubAnswer("exam-service", "user-service", "GET /users/a", 200,
                "{\"id\":\"a\",\"name\":\"n\"}"));
        assertNotNull(ProviderContracts.checkStubAnswer("exam-service", "user-service", "GET /users/a", 200,
                "{\"id\":\"a\",\"name\":\"n\",\"since\":2024}"));
        assertNotNull(ProviderContracts.checkStubAnswer("cart-service", "product-service", "GET /products/1", 200,
                "{\"id\":1,\"price\":\"1.50\"}"), "price is a number");
        assertNotNull(ProviderContracts.checkStubAnswer("order-service", "cart-service", "DELETE /cart/u", 200, "{}"),
                "cart-service answers a DELETE with 204");
        assertNull(ProviderContracts.checkStubAnswer("order-service", "cart-service", "GET /cart/u", 503, "x"),
                "a programmed fault is the test's own");
    }

    @Test
    void aConsumerMayOnlySendTheRequestsOfTheCallGraph() {
        assertNull(ProviderContracts.checkRequest("order-service", "cart-service", "DELETE /cart/user1"));
        assertNotNull(ProviderContracts.checkRequest("exam-service", "user-service", "POST /users"));
        assertNotNull(ProviderContracts.checkRequest("cart-service", "product-service", "GET /products/1/extra"));
    }

    /** A provider contract as the services publish it: GET /users/{id} documents 200 (a user) and 404 (a problem). */
    private static final String USERS_CONTRACT = """
            {"openapi": "3.0.3", "info": {"title": "user-service", "version": "1"},
             "paths": {"/users/{id}": {"get": {
               "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {
                 "200": {"description": "the user", "content": {"application/json": {"schema": {"type": "object",
                   "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                   "email": {"type": "string"}}}}}},
                 "404": {"description": "none", "content": {"application/problem+json": {"schema": {"type": "object",
                   "required": ["status"], "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"}}}}}}}}}}}
            """;

    @Test
    void anExpectedAnswerMustBeOneTheProviderDocuments() {
        List<ProviderContracts.Interaction> expected = ProviderContracts.between("exam-service", "user-service");
        assertEquals(List.of(), ProviderContracts.contractProblems(expected, USERS_CONTRACT));
        ProviderContracts.Interaction found = expected.stream().filter(i -> i.status() == 200).findFirst().orElseThrow();
        List<String> undocumented = ProviderContracts.contractProblems(List.of(found.expecting(410, null)), USERS_CONTRACT);
        assertTrue(undocumented.toString().contains("status"), "410 is not documented: " + undocumented);
        assertNotNull(ProviderContracts.contractProblems(List.of(found.expecting(200, "{\"id\":7,\"name\":\"n\"}")),
                USERS_CONTRACT).stream().findFirst().orElse(null), "id is a string");
        assertNotNull(ProviderContracts.contractProblems(List.of(found.expecting(200, "{\"id\":\"a\"}")),
                USERS_CONTRACT).stream().findFirst().orElse(null), "name is required");
    }
}
