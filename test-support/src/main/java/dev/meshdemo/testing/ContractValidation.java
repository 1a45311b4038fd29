package dev.meshdemo.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The published contract as a test: every request a service test sends through RestAssured and every answer
 * it gets are checked against that service's own {@code /q/openapi}, so code and contract cannot drift apart.
 * Installed for every {@code @QuarkusTest} by {@link ContractValidationCallback}.
 *
 * <p>The rules: an answer must be one the contract describes for the operation (status, content type,
 * body schema, headers); a request the service accepted (2xx/3xx) must be one the contract allows. A request
 * the service refused (4xx/5xx) may break the contract, that is what refusing is for, so only its answer is
 * checked. Paths outside the contract ({@code /q/*}, unknown paths) are not checked.
 */
public final class ContractValidation implements Filter {

    static final ContractValidation INSTANCE = new ContractValidation();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Per base URL; empty for servers that publish no contract (the tests' stubs of other services). */
    private final Map<String, Optional<OpenApiInteractionValidator>> validators = new ConcurrentHashMap<>();

    private ContractValidation() {
    }

    /** Adds the filter to RestAssured's defaults once. */
    static void install() {
        if (!RestAssured.filters().contains(INSTANCE)) {
            RestAssured.filters(INSTANCE);
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String base = request.getURI().replaceFirst("^(https?://[^/]+).*$", "$1");
        Optional<OpenApiInteractionValidator> contract = validators.computeIfAbsent(base, ContractValidation::load);
        if (contract.isEmpty()) {
            return response;
        }
        OpenApiInteractionValidator validator = contract.get();
        ValidationReport report = validator.validate(RestAssuredRequest.of(request), RestAssuredResponse.of(response));
        boolean refused = response.getStatusCode() >= 400;
        List<ValidationReport.Message> violations = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(refused && m.getKey().startsWith("validation.request")))
                .toList();
        if (!violations.isEmpty()) {
            throw new AssertionError("Contract violation: " + request.getMethod() + " " + request.getURI()
                    + " answered " + response.getStatusCode() + " " + response.getContentType() + ":\n  "
                    + violations.stream().map(m -> m.getKey() + ": " + m.getMessage())
                    .collect(Collectors.joining("\n  ")) + "\nBody: " + abbreviate(response.asString()));
        }
        return response;
    }

    private static Optional<OpenApiInteractionValidator> load(String base) {
        try {
            HttpResponse<String> spec = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi"))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (spec.statusCode() != 200) {
                // A stub of another service, not the service under test (whose /q/openapi the shared tests
                // require to answer 200).
                return Optional.empty();
            }
            return Optional.of(OpenApiInteractionValidator.createForInlineApiSpecification(spec.body())
                    .withLevelResolver(LevelResolver.create()
                            // Outside the contract: /q/*, unknown paths, methods no operation has.
                            .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                            .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                            // Like most HTTP services these ignore query parameters they do not know.
                            .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                            // A 204 operation's only body type is problem+json (its errors), while REST clients
                            // (order-service's DELETE /cart/{userId}) send Accept: application/json: the answer
                            // is checked all the same, and a refused Accept is a 406 the answer check covers.
                            .withLevel("validation.request.accept.notAllowed", ValidationReport.Level.IGNORE)
                            .build())
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the contract at " + base + "/q/openapi", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 500 ? body : body.substring(0, 500) + "...";
    }
}
