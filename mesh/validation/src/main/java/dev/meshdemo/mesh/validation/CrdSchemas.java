package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The openAPIV3Schema of every served version of the CRDs in MESH_CRDS_DIR, and a validator for the
 * structural-schema subset Kubernetes uses: types, properties (closed unless
 * x-kubernetes-preserve-unknown-fields or additionalProperties), required, enum, pattern, lengths, bounds,
 * item counts, int-or-string, nullable, allOf/anyOf/oneOf/not. CEL rules (x-kubernetes-validations) are not
 * evaluated.
 */
public final class CrdSchemas {
    private static CrdSchemas loaded;
    private final Map<String, JsonNode> schemas;
    private final Path dir;
    private final List<JsonNode> gatewayApiCrds;

    private CrdSchemas(Path dir, Map<String, JsonNode> schemas, List<JsonNode> gatewayApiCrds) {
        this.dir = dir;
        this.schemas = schemas;
        this.gatewayApiCrds = gatewayApiCrds;
    }

    /** The Gateway API CRDs (group gateway.networking.k8s.io) among the loaded files, as read. */
    public List<JsonNode> gatewayApiCrds() {
        return gatewayApiCrds;
    }

    /** MESH_CRDS_DIR, else the copy `make crds` fetches into target/mesh-crds; a clear error when neither exists. */
    public static synchronized CrdSchemas load() {
        if (loaded == null) {
            String env = System.getenv("MESH_CRDS_DIR");
            Path dir = env != null && !env.isBlank() ? Path.of(env) : Repo.root().resolve("target/mesh-crds");
            loaded = from(dir, env == null || env.isBlank());
        }
        return loaded;
    }

    static CrdSchemas from(Path dir, boolean fallback) {
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            files = List.of();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException(fallback
                    ? "MESH_CRDS_DIR is not set and no fetched CRDs exist in " + dir
                            + ": run `make crds` (needs internet) or export MESH_CRDS_DIR=<dir with the Istio 1.30.3, Linkerd 2.20 and Gateway API CRDs> (CI: ../shared/crds)"
                    : "MESH_CRDS_DIR=" + dir + " holds no CRD files (*.yaml)");
        }
        Map<String, JsonNode> schemas = new HashMap<>();
        List<JsonNode> gatewayApi = new java.util.ArrayList<>();
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (JsonNode crd : Kustomize.parse(text)) {
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                if (group.equals("gateway.networking.k8s.io")) {
                    gatewayApi.add(crd);
                }
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (v.path("served").asBoolean(false)) {
                        schemas.put(group + "/" + v.path("name").asText() + "/" + kind, v.path("schema").path("openAPIV3Schema"));
                    }
                }
            }
        }
        return new CrdSchemas(dir, schemas, List.copyOf(gatewayApi));
    }

    public boolean knows(JsonNode o) {
        return schemas.containsKey(o.path("apiVersion").asText() + "/" + o.path("kind").asText());
    }

    public Path dir() {
        return dir;
    }

    public List<String> validate(JsonNode o) {
        JsonNode schema = schemas.get(o.path("apiVersion").asText() + "/" + o.path("kind").asText());
        List<String> errors = new java.util.ArrayList<>();
        if (schema == null) {
            errors.add(Render.id(o) + ": no CRD schema for " + o.path("apiVersion").asText() + " " + o.path("kind").asText() + " in " + dir);
            return errors;
        }
        // apiVersion and kind are how the schema was found; metadata is the API server's own ObjectMeta
        // (checked strictly by CoreValidator.validateMetadata). Schemas need not declare them.
        var withoutMetadata = o.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutMetadata).remove(List.of("apiVersion", "kind", "metadata"));
        check(withoutMetadata, schema, "", true, errors);
        errors.replaceAll(e -> Render.id(o) + ": " + e);
        return errors;
    }

    private static void check(JsonNode node, JsonNode schema, String path, boolean structural, List<String> errors) {
        String at = path.isEmpty() ? "(root)" : path.substring(1);
        if (node.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(at + ": null is not allowed");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!node.isIntegralNumber() && !node.isTextual()) {
                errors.add(at + ": must be an integer or a string");
            }
        } else {
            String type = schema.path("type").asText("");
            boolean typeOk = switch (type) {
                case "object" -> node.isObject();
                case "array" -> node.isArray();
                case "string" -> node.isTextual();
                case "integer" -> node.isIntegralNumber();
                case "number" -> node.isNumber();
                case "boolean" -> node.isBoolean();
                default -> true;
            };
            if (!typeOk) {
                errors.add(at + ": must be of type " + type + " (got " + node.getNodeType().toString().toLowerCase() + ")");
                return;
            }
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.path("enum")) {
                found |= e.equals(node) || (e.isNumber() && node.isNumber() && e.decimalValue().compareTo(node.decimalValue()) == 0);
            }
            if (!found) {
                errors.add(at + ": " + node + " is not one of " + schema.path("enum"));
            }
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (schema.has("pattern")) {
                try {
                    if (!Pattern.compile(schema.path("pattern").asText()).matcher(s).find()) {
                        errors.add(at + ": '" + s + "' does not match " + schema.path("pattern").asText());
                    }
                } catch (PatternSyntaxException ignored) {
                    // An ECMA-only construct Java cannot compile: the API server checks it.
                }
            }
            if (schema.has("maxLength") && s.codePointCount(0, s.length()) > schema.path("maxLength").asInt()) {
                errors.add(at + ": longer than " + schema.path("maxLength").asInt());
            }
            if (schema.has("minLength") && s.codePointCount(0, s.length()) < schema.path("minLength").asInt()) {
                errors.add(at + ": shorter than " + schema.path("minLength").asInt());
            }
        }
        if (node.isNumber()) {
            if (schema.has("minimum") && node.decimalValue().compareTo(schema.path("minimum").decimalValue()) < 0) {
                errors.add(at + ": below the minimum " + schema.path("minimum"));
            }
            if (schema.has("maximum") && node.decimalValue().compareTo(schema.path("maximum").decimalValue()) > 0) {
                errors.add(at + ": above the maximum " + schema.path("maximum"));
            }
        }
        if (node.isArray()) {
            if (schema.has("minItems") && node.size() < schema.path("minItems").asInt()) {
                errors.add(at + ": fewer than " + schema.path("minItems").asInt() + " items");
            }
            if (schema.has("maxItems") && node.size() > schema.path("maxItems").asInt()) {
                errors.add(at + ": more than " + schema.path("maxItems").asInt() + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), schema.path("items"), path + "[" + i + "]", structural, errors);
                }
            }
        }
        if (node.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!node.has(r.asText())) {
                    errors.add(at + ": missing required field " + r.asText());
                }
            }
            if (schema.has("maxProperties") && node.size() > schema.path("maxProperties").asInt()) {
                errors.add(at + ": more than " + schema.path("maxProperties").asInt() + " fields");
            }
            if (schema.has("minProperties") && node.size() < schema.path("minProperties").asInt()) {
                errors.add(at + ": fewer than " + schema.path("minProperties").asInt() + " fields");
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) || additional.isBoolean() && additional.asBoolean();
            var fields = node.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                if (properties.has(f.getKey())) {
                    check(f.getValue(), properties.path(f.getKey()), path + "." + f.getKey(), structural, errors);
                } else if (additional.isObject()) {
                    check(f.getValue(), additional, path + "." + f.getKey(), structural, errors);
                } else if (structural && !open) {
                    errors.add((path.isEmpty() ? "" : at + ".") + f.getKey() + ": unknown field");
                }
            }
        }
        // Value validations only: in a structural schema these sub-schemas declare no fields of their own.
        for (JsonNode sub : schema.path("allOf")) {
            check(node, sub, path, false, errors);
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode sub : schema.path("anyOf")) {
                any |= passes(node, sub, path);
            }
            if (!any) {
                errors.add(at + ": matches none of anyOf " + brief(schema.path("anyOf")));
            }
        }
        if (schema.has("oneOf")) {
            int count = 0;
            for (JsonNode sub : schema.path("oneOf")) {
                count += passes(node, sub, path) ? 1 : 0;
            }
            if (count != 1) {
                errors.add(at + ": must match exactly one of oneOf " + brief(schema.path("oneOf")) + " (matches " + count + ")");
            }
        }
        if (schema.has("not") && passes(node, schema.path("not"), path)) {
            errors.add(at + ": must not match " + brief(schema.path("not")));
        }
    }

    private static boolean passes(JsonNode node, JsonNode schema, String path) {
        List<String> sub = new java.util.ArrayList<>();
        check(node, schema, path, false, sub);
        return sub.isEmpty();
    }

    private static String brief(JsonNode schema) {
        String s = schema.toString();
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
