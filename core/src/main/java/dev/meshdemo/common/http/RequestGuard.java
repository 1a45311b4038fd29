package dev.meshdemo.common.http;

import dev.meshdemo.common.errors.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a request must look like before any route sees it, so that every service refuses the same things the
 * same way (problem+json, never a 5xx) and nothing ambiguous reaches the code that stores data:
 * <ul>
 *   <li>framing per RFC 9112: HTTP/1.0 or 1.1 only (505), exactly one {@code Host} on HTTP/1.1, at most one
 *   {@code Transfer-Encoding} whose only coding is {@code chunked} and never beside {@code Content-Length}
 *   (400 and the connection is closed, since where the body ends is unclear), an origin-form target;</li>
 *   <li>targets: no control or non-ASCII bytes, percent-escapes that decode to UTF-8 without control
 *   characters, no empty path segment (so {@code DELETE /cart/u/} is not {@code DELETE /cart/u}: 404), no
 *   query parameter given twice or without a value (400);</li>
 *   <li>bodies (POST, PUT, PATCH): {@code application/json} or {@code application/*+json}, charset absent or
 *   UTF-8 (else 415), at most {@value #MAX_BODY_BYTES} bytes (413), valid UTF-8 (400).</li>
 * </ul>
 */
final class RequestGuard {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private RequestGuard() {
    }

    /** The problem with the request line and headers, or null if there is none. */
    static Problem framingProblem(HttpServerRequest request) {
        HttpVersion version = request.version();
        if (version == null) {
            return Problem.of(505, "http-version-not-supported", "HTTP Version Not Supported",
                    "Use HTTP/1.1 (or HTTP/1.0)");
        }
        MultiMap headers = request.headers();
        List<String> hosts = headers.getAll("Host");
        if (version == HttpVersion.HTTP_1_1 && hosts.size() != 1 || hosts.size() > 1) {
            return badRequest("An HTTP/1.1 request needs exactly one Host header, got " + hosts.size());
        }
        List<String> codings = headers.getAll("Transfer-Encoding");
        if (!codings.isEmpty()) {
            if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
                return badRequest("Transfer-Encoding must be exactly 'chunked'");
            }
            if (headers.contains("Content-Length")) {
                return badRequest("Send either Transfer-Encoding or Content-Length, not both");
            }
        }
        List<String> lengths = headers.getAll("Content-Length");
        if (lengths.size() > 1 || lengths.size() == 1 && !lengths.get(0).trim().matches("[0-9]{1,18}")) {
            return badRequest("Content-Length must be one decimal number");
        }
        for (var header : headers) {
            if (hasControlCharacter(header.getKey(), false) || hasControlCharacter(header.getValue(), true)) {
                return badRequest("Header fields must not contain control characters");
            }
        }
        return targetProblem(request.uri());
    }

    /** Whether the connection must be closed after refusing: the body's end cannot be known. */
    static boolean framingUnclear(HttpServerRequest request) {
        return request.headers().contains("Transfer-Encoding") || request.headers().getAll("Content-Length").size() > 1;
    }

    static Problem targetProblem(String uri) {
        if (uri == null || uri.isEmpty()) {
            return badRequest("The request target is missing");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return badRequest("The request target must be ASCII without spaces or control characters");
            }
        }
        String target = uri;
        if (!target.startsWith("/")) {
            // RFC 9112 3.2.2: servers accept the absolute form; anything else (no leading '/') is malformed.
            String lower = target.toLowerCase(Locale.ROOT);
            int scheme = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
            int slash = scheme < 0 ? -1 : target.indexOf('/', scheme);
            if (slash < 0) {
                return badRequest("The request target must start with '/'");
            }
            target = target.substring(slash);
        }
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            return badRequest("A request target has no fragment");
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (path.length() > 1 && (path.contains("//") || path.endsWith("/"))) {
            return Problem.of(404, "not-found", "Not Found", "No resource at this path (it has an empty segment)");
        }
        // Without a '%' every segment is the printable ASCII checked above: only escapes can hide bad bytes
        // (this check runs on every request, so the common case allocates nothing).
        if (path.indexOf('%') >= 0) {
            for (String segment : path.split("/")) {
                String decoded = decode(segment, false);
                if (decoded == null || hasControlCharacter(decoded, false)) {
                    return badRequest("A path segment is not valid UTF-8 or contains control characters");
                }
            }
        }
        if (q >= 0) {
            Set<String> names = new HashSet<>();
            for (String pair : target.substring(q + 1).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                if (name == null || value == null || hasControlCharacter(name, false)
                        || hasControlCharacter(value, false)) {
                    return badRequest("A query parameter is not valid UTF-8 or contains control characters");
                }
                if (value.isEmpty()) {
                    // JAX-RS reads "?limit=" as no limit at all: refuse instead of guessing.
                    return badRequest("Query parameter '" + abbreviate(name) + "' has no value");
                }
                if (!names.add(name)) {
                    return badRequest("Query parameter '" + abbreviate(name) + "' is given more than once");
                }
            }
        }
        return null;
    }

    static boolean hasBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    /** Null if the content type is JSON in UTF-8, else the 415 to answer. */
    static Problem contentTypeProblem(String contentType) {
        if (contentType == null || !jsonInUtf8(contentType)) {
            return Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "Send the request body as application/json in UTF-8");
        }
        return null;
    }

    static boolean jsonInUtf8(String contentType) {
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json")
                || type.startsWith("application/") && type.endsWith("+json") && type.indexOf('*') < 0;
        if (!json) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int eq = parameter.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = parameter.substring(eq + 1).trim().replace("\"", "").toLowerCase(Locale.ROOT);
            if (name.equals("charset") && !value.equals("utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Null if the body is empty or valid UTF-8 without raw control bytes. JSON never contains them outside
     * whitespace, and a NUL is how JSON in UTF-16 or UTF-32 shows (which Jackson would otherwise detect and read).
     */
    static Problem encodingProblem(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        for (int i = 0; i < body.length(); i++) {
            byte b = body.getByte(i);
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                return badRequest("The request body contains a control byte (JSON in UTF-8 only)");
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes()));
            return null;
        } catch (CharacterCodingException e) {
            return badRequest("The request body is not valid UTF-8");
        }
    }

    static Problem tooLarge() {
        return Problem.of(413, "payload-too-large", "Content Too Large",
                "A request body may have at most " + MAX_BODY_BYTES + " bytes");
    }

    private static Problem badRequest(String detail) {
        return Problem.of(400, "bad-request", "Bad Request", detail);
    }

    /** Percent-decodes strictly: a malformed escape or bytes that are not UTF-8 give null. */
    static String decode(String raw, boolean plusIsSpace) {
        if (plainAscii(raw, plusIsSpace)) {
            return raw; // nothing to decode, and ASCII is valid UTF-8
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean plainAscii(String raw, boolean plusIsSpace) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 0x80 || c == '%' || (plusIsSpace && c == '+')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlCharacter(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && !(tabAllowed && c == '\t')) || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
