package dev.meshdemo.common.openapi;

import dev.meshdemo.common.errors.Problem;
import dev.meshdemo.common.health.HealthAliases;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes /q/openapi say what every service answers besides what its resources declare, once for all
 * (registered as {@code mp.openapi.filter}):
 * <ul>
 *   <li>every error answer is {@code application/problem+json} with the {@code Problem} schema;</li>
 *   <li>every operation can answer 404 (a trailing slash or empty segment is no resource) and 406 (the
 *   client accepts no JSON);</li>
 *   <li>every operation with parameters or a body can answer 400; with a body also 413 and 415
 *   ({@code RequestGuard});</li>
 *   <li>every operation the fault knobs or the database can fail can answer 503.</li>
 * </ul>
 * The probes ({@link HealthAliases}, Vert.x routes the scan does not see) are added here with their own health
 * document, which they answer also when DOWN.
 */
public class ProblemResponses implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";
    private static final Set<String> OWN_BODIES = Set.of("/health", "/ready");
    /** Paths neither the fault knobs nor the database can fail. */
    private static final Set<String> NEVER_503 = Set.of("/health", "/ready", "/whoami", "/admin/faults");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getComponents().getSchemas() == null
                || !openAPI.getComponents().getSchemas().containsKey(PROBLEM_SCHEMA)) {
            openAPI.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        }
        HealthAliases.document(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (OWN_BODIES.contains(path.getKey())) {
                continue;
            }
            for (Operation operation : path.getValue().getOperations().values()) {
                complete(path.getKey(), operation);
            }
        }
    }

    private static void complete(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean hasBody = operation.getRequestBody() != null;
        if (hasParameters || hasBody) {
            addIfMissing(responses, "400", "Malformed parameters or body");
        }
        if (hasBody) {
            addIfMissing(responses, "413", "The body is larger than 64 KiB");
            addIfMissing(responses, "415", "The body is not application/json in UTF-8");
        }
        addIfMissing(responses, "404", "No such resource (also: a trailing slash or an empty path segment)");
        addIfMissing(responses, "406", "The client accepts no JSON");
        if (!NEVER_503.contains(path)) {
            addIfMissing(responses, "503", "A fault injected by the knobs, or the database or a dependency did not answer");
        }
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            String code = response.getKey();
            if (code.startsWith("4") || code.startsWith("5") || code.equals("default")) {
                response.getValue().setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(
                                OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM_SCHEMA))));
            }
        }
    }

    private static void addIfMissing(APIResponses responses, String code, String description) {
        if (responses.getAPIResponse(code) == null) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .addProperty("type", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("title", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER))
                        .minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("instance", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("errors", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT)))
                .required(java.util.List.of("type", "title", "status"));
    }
}
