package dev.meshdemo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the hostile variants of one endpoint's valid request, by class: wrong JSON types and coercible
 * values, duplicate keys, trailing data, invalid UTF-8 and control characters, depth and size, content types,
 * non-ASCII digits and empty or odd path segments, empty and repeated query parameters. Every variant must be
 * refused with a 4xx problem+json and store nothing ({@link SharedBehaviourTests}).
 */
public final class MalformedInput {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String JSON_TYPE = "application/json";

    /**
     * One endpoint: a path template whose {@code {id}} (a positive number) and {@code {handle}} (a user id)
     * placeholders are filled with {@code 1} and {@code user1} in the valid request, a valid JSON body (or
     * null), request headers, and the query parameters it takes.
     */
    public record Endpoint(String method, String template, String body, Map<String, String> headers,
                           List<String> queryParameters) {

        public static Endpoint of(String method, String template) {
            return new Endpoint(method, template, null, Map.of(), List.of());
        }

        public static Endpoint of(String method, String template, String body) {
            return new Endpoint(method, template, body, Map.of(), List.of());
        }

        public Endpoint withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Endpoint(method, template, body, Map.copyOf(more), queryParameters);
        }

        public Endpoint withQuery(String... names) {
            return new Endpoint(method, template, body, headers, List.of(names));
        }

        String validPath() {
            return template.replace("{id}", "1").replace("{handle}", "user1");
        }
    }

    /** One hostile request; {@code contentType} null sends none. */
    public record Case(String name, String method, String path, String contentType, byte[] body,
                       Map<String, String> headers) {
        @Override
        public String toString() {
            return method + " " + path + " [" + name + "]";
        }
    }

    private MalformedInput() {
    }

    public static List<Case> casesFor(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        pathCases(endpoint, cases);
        queryCases(endpoint, cases);
        if (endpoint.body() != null) {
            bodyCases(endpoint, cases);
        }
        return cases;
    }

    private static final String[] BAD_IDS = {"%EF%BC%91", "%D9%A1", "%DB%B3%DB%B4", "0", "-1", "+1", "1.0", "1e3",
            "0x1", "01", "9999999999999999999", "%20", "%091", "1%00", "a", "%FF", "1%0A", "%E0%A5%A7"};
    private static final String[] BAD_HANDLES = {"%09", "u%00", "UPPER", "a", "%3Cimg%20src%3Dx%3E", "%D9%A1abc",
            "x".repeat(40), "%FF%FE", "user1%0D%0A", "us%20er"};

    private static void pathCases(Endpoint e, List<Case> cases) {
        for (String bad : BAD_IDS) {
            if (e.template().contains("{id}")) {
                cases.add(request(e, "id " + bad, e.template().replace("{id}", bad).replace("{handle}", "user1")));
            }
        }
        for (String bad : BAD_HANDLES) {
            if (e.template().contains("{handle}")) {
                cases.add(request(e, "handle " + bad, e.template().replace("{handle}", bad).replace("{id}", "1")));
            }
        }
        String valid = e.validPath();
        cases.add(request(e, "trailing slash", valid + "/"));
        cases.add(request(e, "empty segment", valid.replaceFirst("/", "//")));
        if (e.template().contains("{")) {
            // DELETE /cart/u/ must not be DELETE /cart/u: an empty last segment is no resource.
            int last = valid.lastIndexOf('/');
            cases.add(request(e, "empty last segment", valid.substring(0, last + 1)));
            cases.add(request(e, "tab as segment", valid.substring(0, last + 1) + "%09"));
        }
    }

    private static void queryCases(Endpoint e, List<Case> cases) {
        String valid = e.validPath();
        for (String name : e.queryParameters()) {
            for (String query : List.of(name + "=", name + "=5&" + name + "=abc", name + "=5&" + name + "=5",
                    name + "=%D9%A1", name + "=%EF%BC%95", name + "=0", name + "=101", name + "=1.5", name + "=%2B5",
                    name + "=-1", name + "=5%00", name + "=%FF", name + "=99999999999999999999")) {
                cases.add(request(e, "query " + query, valid + "?" + query));
            }
        }
    }

    private static Case request(Endpoint e, String name, String path) {
        return new Case(name, e.method(), path, e.body() == null ? null : JSON_TYPE,
                e.body() == null ? null : e.body().getBytes(StandardCharsets.UTF_8), e.headers());
    }

    private static Case body(Endpoint e, String name, String contentType, byte[] body) {
        return new Case(name, e.method(), e.validPath(), contentType, body, e.headers());
    }

    private static Case body(Endpoint e, String name, String json) {
        return body(e, name, JSON_TYPE, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void bodyCases(Endpoint e, List<Case> cases) {
        String valid = e.body();
        ObjectNode object;
        try {
            object = (ObjectNode) JSON.readTree(valid);
        } catch (Exception ex) {
            throw new IllegalArgumentException("not a JSON object: " + valid, ex);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            List<String> replacements = new ArrayList<>();
            if (value.isNumber()) {
                replacements.addAll(List.of("\"" + value.asText() + "\"", "\"٣\"", "\"+" + value.asText() + "\"",
                        "true", "false", "1.5", "1e300", "1" + "0".repeat(400), "[" + value.asText() + "]", "{}",
                        "\"\"", "NaN", "Infinity", "0x10"));
            } else if (value.isTextual()) {
                String text = value.asText();
                replacements.addAll(List.of("1", "1e300", "true", "false", "[\"" + text + "\"]", "{}",
                        "\"a\\u0000b\"", "\"a\\u0001b\"", "\"a\\u001fb\"", "\"a\\u007fb\"", "\"a\\u0085b\"",
                        "\"a\\ud800b\"", "\"\\udc00\"", "\"\\udc00\\ud800\"",
                        "\"" + "x".repeat(70_000) + "\""));
            } else if (value.isObject()) {
                replacements.addAll(List.of("[]", "\"x\"", "1", "true", "{\"1\":1}", "{\"1\":\"a\\u0000b\"}",
                        "{\"1\":true}", "{\"1\":[\"A\"]}"));
            }
            for (String replacement : replacements) {
                ObjectNode copy = object.deepCopy();
                String json = replaceField(copy, key, replacement);
                cases.add(body(e, key + "=" + abbreviate(replacement), json));
            }
            // The same key twice, with the same or another value.
            String inner = valid.substring(1, valid.length() - 1);
            cases.add(body(e, "duplicate " + key, "{" + inner + ",\"" + key + "\":" + value + "}"));
            // A key whose bytes are not UTF-8: it must not be read as the real field.
            byte[] keyBytes = ("\"" + key + "\"").getBytes(StandardCharsets.UTF_8);
            byte[] all = valid.getBytes(StandardCharsets.UTF_8);
            int at = indexOf(all, keyBytes);
            if (at >= 0 && key.length() > 1) {
                byte[] broken = all.clone();
                broken[at + key.length()] = (byte) 0xFF;
                cases.add(body(e, "invalid UTF-8 in key " + key, JSON_TYPE, broken));
                byte[] inserted = insert(all, at + key.length(), new byte[] {(byte) 0xC0, (byte) 0xAF});
                cases.add(body(e, "overlong UTF-8 in key " + key, JSON_TYPE, inserted));
            }
        }
        // Trailing content after the value.
        for (String tail : List.of("}", "x", valid, "[]", "null", " 1", "\u0000")) {
            cases.add(body(e, "trailing " + abbreviate(tail), valid + tail));
        }
        // Not an object, or no body at all.
        for (String other : List.of("", " ", "null", "[]", "[" + valid + "]", "\"x\"", "1", "true", "{", "{\"a\"")) {
            cases.add(body(e, "body " + abbreviate(other), other));
        }
        // Encodings: invalid UTF-8, a lone surrogate, UTF-16, a NUL byte.
        cases.add(body(e, "invalid UTF-8 byte", JSON_TYPE, concat(valid.substring(0, valid.length() - 1), new byte[] {(byte) 0xFF}, "}")));
        cases.add(body(e, "CESU surrogate", JSON_TYPE, concat(valid.substring(0, valid.length() - 1) + ",\"x\":\"",
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}")));
        cases.add(body(e, "UTF-16 body", JSON_TYPE, valid.getBytes(StandardCharsets.UTF_16LE)));
        cases.add(body(e, "UTF-16 body with BOM", JSON_TYPE, valid.getBytes(StandardCharsets.UTF_16)));
        cases.add(body(e, "raw NUL byte", JSON_TYPE, concat("{", new byte[] {0}, valid.substring(1))));
        // Depth and size.
        cases.add(body(e, "deep arrays", "{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"));
        cases.add(body(e, "deep objects", "{\"x\":".repeat(2_000) + "1" + "}".repeat(2_000)));
        cases.add(body(e, "70 KB body", "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}"));
        cases.add(body(e, "900 KB body", "{\"x\":\"" + "a".repeat(900 * 1024) + "\"}"));
        cases.add(body(e, "many keys", "{" + String.join(",", java.util.stream.IntStream.range(0, 5000)
                .mapToObj(i -> "\"k" + i + "\":1").toList()) + "}"));
        // Content types: JSON in UTF-8 only.
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("", "*/*", "application/*", "text/plain", "text/json",
                "application/json; charset=utf-16", "application/json; charset=iso-8859-1",
                "application/json;charset=utf-32", "application/x-www-form-urlencoded", "application/jsonx",
                "application/xml", "multipart/form-data; boundary=x", "application/json; charset")) {
            cases.add(body(e, "content type '" + type + "'", type, bytes));
        }
        cases.add(body(e, "no content type", null, bytes));
    }

    private static String replaceField(ObjectNode copy, String key, String rawJson) {
        copy.put(key, "\u0001PLACEHOLDER\u0001");
        try {
            return JSON.writeValueAsString(copy).replace("\"\\u0001PLACEHOLDER\\u0001\"", rawJson);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] insert(byte[] all, int at, byte[] extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, at);
        out.writeBytes(extra);
        out.write(all, at, all.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 24 ? printable : printable.substring(0, 24) + "...";
    }
}
