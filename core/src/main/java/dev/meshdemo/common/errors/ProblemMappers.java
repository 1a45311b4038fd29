package dev.meshdemo.common.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that leaves a resource into problem+json. Bad input is always a 4xx that names the
 * offending field; only a genuine bug is a 500, and even then without a stack trace in the answer.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.problem().withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType != null ? statusType.getReasonPhrase() : "HTTP " + status;
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this path";
            case 406 -> "This resource answers application/json only";
            case 415 -> "Send the request body as application/json";
            default -> status >= 500 ? "The server could not handle the request" : title;
        };
        if (status >= 500) {
            LOG.errorf(e, "request to %s failed", uri.getPath());
        }
        return Problem.of(status, kindOf(status), title, detail).withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        Map<String, Object> errors = new TreeMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.merge(fieldName(violation.getPropertyPath()), violation.getMessage(),
                    (a, b) -> a + "; " + b);
        }
        String detail = errors.entrySet().stream().map(en -> en.getKey() + ": " + en.getValue())
                .collect(Collectors.joining(", "));
        return Problem.of(400, "validation", "Invalid input", detail).withErrors(errors)
                .withInstance(uri.getPath()).toResponse();
    }

    // Jackson's own mappers are registered per subtype, so each subtype we care about is named here.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, UriInfo uri) {
        return json(e, uri);
    }

    // Thrown for input the record cannot be built from (e.g. a creator property twice): bad input, not a bug.
    @ServerExceptionMapper
    public Response invalidDefinition(InvalidDefinitionException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.warnf("database unavailable on %s: %s", uri.getPath(), DatabaseUnavailable.summary(e));
            return DatabaseUnavailable.problem().withInstance(uri.getPath()).toResponse();
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return Problem.of(500, "internal", "Internal error", "The server could not handle the request")
                .withInstance(uri.getPath()).toResponse();
    }

    private static Response json(JsonProcessingException e, UriInfo uri) {
        String detail;
        if (e instanceof InvalidFormatException format && format.getOriginalMessage() != null
                && format.getOriginalMessage().startsWith("text must ") && !format.getPath().isEmpty()) {
            // StrictJson's own refusals of a text value ("text must not contain control characters", ...)
            detail = "Field '" + format.getPath().get(format.getPath().size() - 1).getFieldName() + "' "
                    + format.getOriginalMessage().substring("text ".length());
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'";
        } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = "Field '" + field + "' has the wrong type or format";
        } else if (e instanceof MismatchedInputException) {
            detail = "The request body is missing or not the expected JSON object";
        } else {
            detail = "The request body is not valid JSON (one value, no duplicate keys, nothing after it)";
        }
        return Problem.of(400, "malformed-json", "Malformed request body", detail)
                .withInstance(uri.getPath()).toResponse();
    }

    private static String fieldName(Path path) {
        String last = null;
        for (Path.Node node : path) {
            // Method and parameter nodes name Java code; the property or parameter name is what a client sent.
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                last = node.getName();
            }
        }
        return last != null ? last : "request";
    }

    static String kindOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }
}
