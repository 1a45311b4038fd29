package dev.meshdemo.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshdemo.testing.ProviderContracts.Interaction;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The provider's side of {@link ProviderContracts}: extended by a {@code @QuarkusTest} of each service that
 * others call. Every interaction consumers rely on is sent to the real service; its answer must have the
 * expected status and every field of the sample with the same JSON type, and the service's own published
 * OpenAPI document (/q/openapi) must describe the path and the method, document the expected status and
 * accept the sample body as that answer.
 */
public abstract class ProviderContractTests {

    /** This service's name, as in mesh/call-graph.yaml. */
    protected abstract String provider();

    /** Makes this service hold what {@link Interaction#state()} names. */
    protected void prepare(String state) {
        throw new IllegalStateException(provider() + " cannot prepare '" + state + "'");
    }

    @Test
    void answersWhatEveryConsumerExpects() {
        List<Interaction> interactions = ProviderContracts.of(provider());
        assertFalse(interactions.isEmpty(), "no consumer calls " + provider());
        List<String> problems = new ArrayList<>();
        for (Interaction i : interactions) {
            if (i.state() != null) {
                prepare(i.state());
            }
            Response response = given().accept("application/json").request(i.method(), i.samplePath());
            if (response.statusCode() != i.status()) {
                problems.add(i + ": answered " + response.statusCode() + " " + response.asString());
                continue;
            }
            if (i.body() != null) {
                List<String> missing = new ArrayList<>();
                ProviderContracts.covers(ProviderContracts.parse(response.asString()), ProviderContracts.parse(i.body()),
                        "$", missing);
                missing.forEach(m -> problems.add(i + ": " + m));
            }
        }
        assertTrue(problems.isEmpty(), "what consumers' stubs claim and " + provider() + " does not answer:\n"
                + String.join("\n", problems));
    }

    @Test
    void documentsEveryAnswerConsumersExpect() {
        List<String> problems = ProviderContracts.contractProblems(ProviderContracts.of(provider()), publishedContract());
        assertTrue(problems.isEmpty(), "what consumers expect and " + provider() + "'s /q/openapi does not document:\n"
                + String.join("\n", problems));
    }

    /** The control of {@link #documentsEveryAnswerConsumersExpect}: against the same contract, it can fail. */
    @Test
    void anAnswerTheContractDoesNotDocumentFailsTheCheck() {
        String contract = publishedContract();
        Interaction expected = ProviderContracts.of(provider()).stream().filter(i -> i.body() != null && i.status() < 300)
                .findFirst().orElseThrow();
        Interaction undocumentedStatus = expected.expecting(418, expected.body());
        assertFalse(ProviderContracts.contractProblems(List.of(undocumentedStatus), contract).isEmpty(),
                undocumentedStatus + " passed, but " + provider() + " documents no 418");
        Interaction wrongShape = expected.expecting(expected.status(), "[\"not\", \"the documented object\"]");
        assertFalse(ProviderContracts.contractProblems(List.of(wrongShape), contract).isEmpty(),
                "an array passed as " + expected);
    }

    @Test
    void publishesEveryOperationConsumersUse() {
        JsonNode paths = ProviderContracts.parse(publishedContract()).path("paths");
        List<String> problems = new ArrayList<>();
        for (Interaction i : ProviderContracts.of(provider())) {
            JsonNode operation = null;
            for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
                String path = it.next();
                if (normalized(path).equals(normalized(i.pathTemplate()))) {
                    operation = paths.path(path).get(i.method().toLowerCase(Locale.ROOT));
                }
            }
            if (operation == null) {
                problems.add(i + ": /q/openapi has no " + i.method() + " " + i.pathTemplate());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static String publishedContract() {
        return given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    }

    private static String normalized(String template) {
        return template.replaceAll("\\{[^}]+}", "{}");
    }
}
