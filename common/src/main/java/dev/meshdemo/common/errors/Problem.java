package dev.meshdemo.common.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An RFC 9457 problem document, the body of every error answer of every service.
 * {@code type} is a stable URI per kind of problem so that clients can branch on it without parsing titles.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      Map<String, Object> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_BASE = "https://meshdemo.dev/problems/";

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(TYPE_BASE + kind, title, status, detail, null, null);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Problem withErrors(Map<String, Object> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
