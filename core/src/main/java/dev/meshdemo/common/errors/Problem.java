package dev.meshdemo.common.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document, the body of every error answer of every service.
 * {@code type} is a stable URI per kind of problem so that clients can branch on it without parsing titles.
 * {@code instance} is the request path as a URI reference: every byte outside RFC 3986's path characters is
 * percent-encoded, so nothing a client sent comes back as markup, and it is cut at {@value #MAX_INSTANCE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(required = true, description = "A stable URI per kind of problem") String type,
        @Schema(required = true) String title,
        @Schema(required = true, minimum = "400", maximum = "599") int status,
        String detail,
        @Schema(description = "The request path, percent-encoded") String instance,
        @Schema(description = "Per field: what is wrong with it") Map<String, Object> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    static final int MAX_INSTANCE = 256;
    private static final String TYPE_BASE = "https://meshdemo.dev/problems/";

    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(TYPE_BASE + kind, title, status, detail, null, null);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path == null ? null : encodePath(path), errors);
    }

    public Problem withErrors(Map<String, Object> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }

    /** A path as an RFC 3986 path: unreserved, sub-delims, ':', '@', '/' and existing '%XX' stay, the rest is encoded. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length && out.length() < MAX_INSTANCE; i++) {
            int b = bytes[i] & 0xFF;
            boolean keep = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || "-._~!$&'()*+,;=:@/".indexOf(b) >= 0
                    || (b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]));
            if (keep) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
