package dev.meshdemo.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What each consumer expects of each provider, one entry per answer of every call in mesh/call-graph.yaml:
 * the request, the status and a sample body with the fields (and JSON types) the consumer's stub serves.
 * Checked both ways: {@link DependencyStubs} refuses a consumer's request that is not here and a stub answer
 * whose body has a field or type the sample lacks; {@link ProviderContractTests} sends each request to the
 * real provider and checks its answer has every field of the sample, with the same type, and that the
 * provider's published /q/openapi documents the path, the method and the status, with a schema the sample is
 * valid against ({@link #contractProblems}). So a stub can only claim what the provider is shown to answer and
 * says it answers.
 */
public final class ProviderContracts {

    /**
     * @param state what the provider must hold first (the provider test prepares it), or null
     * @param body  a sample of the answer (null: no body)
     */
    public record Interaction(String consumer, String provider, String method, String pathTemplate,
                              String samplePath, String state, int status, String body) {

        public boolean matches(String method, String path) {
            return this.method.equals(method) && path.matches(pathTemplate.replaceAll("\\{[^}]+}", "[^/]+"));
        }

        /** The same call expecting another answer (for the tests that prove the checks can fail). */
        public Interaction expecting(int status, String body) {
            return new Interaction(consumer, provider, method, pathTemplate, samplePath, state, status, body);
        }

        /** What the provider sends the sample as: problem+json for an error, else JSON. */
        String contentType() {
            return status >= 400 ? "application/problem+json" : "application/json";
        }

        @Override
        public String toString() {
            return consumer + " -> " + provider + " " + method + " " + samplePath + " " + status;
        }
    }

    static final String PRODUCT = "{\"id\":1,\"name\":\"n\",\"description\":\"d\",\"category\":\"c\",\"price\":1.5,"
            + "\"currency\":\"EUR\"}";
    static final String USER = "{\"id\":\"user1\",\"name\":\"n\",\"email\":\"user1@example.com\"}";
    static final String CART = "{\"userId\":\"user1\",\"items\":[{\"id\":1,\"productId\":1,\"name\":\"n\","
            + "\"unitPrice\":1.5,\"quantity\":1,\"lineTotal\":1.5}],\"itemCount\":1,\"total\":1.5,\"currency\":\"EUR\"}";
    static final String PROBLEM = "{\"type\":\"https://meshdemo.dev/problems/not-found\",\"title\":\"Not found\","
            + "\"status\":404,\"detail\":\"d\"}";
    /** The cart-service state order-service's GET expects: user1's cart holds product 1. */
    public static final String CART_WITH_PRODUCT_1 = "user1 has product 1 in the cart";

    public static final List<Interaction> ALL = List.of(
            new Interaction("cart-service", "product-service", "GET", "/products/{id}", "/products/1", null, 200, PRODUCT),
            new Interaction("cart-service", "product-service", "GET", "/products/{id}", "/products/999999", null, 404, PROBLEM),
            new Interaction("order-service", "product-service", "GET", "/products/{id}", "/products/1", null, 200, PRODUCT),
            new Interaction("order-service", "product-service", "GET", "/products/{id}", "/products/999999", null, 404, PROBLEM),
            new Interaction("order-service", "user-service", "GET", "/users/{id}", "/users/user1", null, 200, USER),
            new Interaction("order-service", "user-service", "GET", "/users/{id}", "/users/nobody", null, 404, PROBLEM),
            new Interaction("order-service", "cart-service", "GET", "/cart/{userId}", "/cart/user1", CART_WITH_PRODUCT_1, 200, CART),
            new Interaction("order-service", "cart-service", "DELETE", "/cart/{userId}", "/cart/user1", null, 204, null),
            new Interaction("exam-service", "user-service", "GET", "/users/{id}", "/users/user1", null, 200, USER),
            new Interaction("exam-service", "user-service", "GET", "/users/{id}", "/users/nobody", null, 404, PROBLEM));

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderContracts() {
    }

    public static List<Interaction> between(String consumer, String provider) {
        return ALL.stream().filter(i -> i.consumer().equals(consumer) && i.provider().equals(provider)).toList();
    }

    public static List<Interaction> of(String provider) {
        return ALL.stream().filter(i -> i.provider().equals(provider)).toList();
    }

    /** Why {@code "METHOD path"} is not a request consumer may send provider, or null when it is. */
    public static String checkRequest(String consumer, String provider, String key) {
        String[] parts = key.split(" ", 2);
        boolean known = between(consumer, provider).stream().anyMatch(i -> i.matches(parts[0], parts[1]));
        return known ? null : consumer + " sent " + key + " to " + provider + ", which is not in ProviderContracts";
    }

    /**
     * Why a stub's answer claims more than the contract (a field or JSON type the sample of that status lacks),
     * or null when the sample covers it. Failure answers (5xx, 429, 4xx other than 404) are the test's own
     * programmed faults and are not checked; a non-JSON body is.
     */
    public static String checkStubAnswer(String consumer, String provider, String key, int status, String body) {
        if (status >= 500 || status == 429 || (status >= 400 && status != 404)) {
            return null;
        }
        String[] parts = key.split(" ", 2);
        List<Interaction> candidates = between(consumer, provider).stream()
                .filter(i -> i.matches(parts[0], parts[1]) && i.status() == status).toList();
        if (candidates.isEmpty()) {
            return provider + " is not known to answer " + key + " with " + status;
        }
        for (Interaction i : candidates) {
            List<String> problems = new ArrayList<>();
            if (i.body() == null || body == null) {
                if (Objects.equals(i.body() == null, body == null)) {
                    return null;
                }
                problems.add(body == null ? "no body, the provider sends one" : "a body, the provider sends none");
            } else {
                covers(parse(i.body()), parse(body), "$", problems);
                if (problems.isEmpty()) {
                    return null;
                }
            }
            return "the stub of " + provider + " answers " + key + " with what the provider does not: " + problems;
        }
        return null;
    }

    /**
     * What the provider's published contract ({@code openApi}, its /q/openapi) does not allow of these
     * interactions, one line each, or an empty list: the operation must document the interaction's status (a
     * consumer that expects an answer the provider never promised fails here), and the sample body must be
     * valid against that answer's schema (types, required fields, patterns) and content type.
     */
    public static List<String> contractProblems(List<Interaction> interactions, String openApi) {
        OpenApiInteractionValidator contract = OpenApiInteractionValidator.createForInlineApiSpecification(openApi).build();
        List<String> problems = new ArrayList<>();
        for (Interaction i : interactions) {
            SimpleResponse.Builder answer = SimpleResponse.Builder.status(i.status());
            if (i.body() != null) {
                answer.withContentType(i.contentType()).withBody(i.body());
            }
            ValidationReport report = contract.validateResponse(i.samplePath(), Request.Method.valueOf(i.method()),
                    answer.build());
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> problems.add(i + ": " + m.getKey() + ": " + m.getMessage()));
        }
        return problems;
    }

    /** Every field of {@code claimed} exists in {@code actual} with the same JSON type (recursively). */
    public static void covers(JsonNode actual, JsonNode claimed, String where, List<String> problems) {
        if (claimed.getNodeType() != actual.getNodeType()) {
            problems.add(where + " is " + actual.getNodeType() + ", not " + claimed.getNodeType());
            return;
        }
        if (claimed.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = claimed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode a = actual.get(field.getKey());
                if (a == null) {
                    problems.add(where + "." + field.getKey() + " is missing");
                } else {
                    covers(a, field.getValue(), where + "." + field.getKey(), problems);
                }
            }
        } else if (claimed.isArray() && !claimed.isEmpty()) {
            if (actual.isEmpty()) {
                problems.add(where + " is empty, the sample has elements");
            } else {
                covers(actual.get(0), claimed.get(0), where + "[0]", problems);
            }
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
