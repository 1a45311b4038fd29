package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-cluster manifests (loadtest/k8s) render with `kubectl kustomize`, every core object parses into the
 * fabric8 kubernetes-model 7.5.2 types without a single unknown field, the mesh objects fit the upstream CRD
 * schemas (from MESH_CRDS_DIR, as in CI), and the Job is wired to what it uses.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<?>> CORE_TYPES = Map.of(
            "v1/Namespace", Namespace.class, "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class, "batch/v1/Job", Job.class);

    @ParameterizedTest
    @ValueSource(strings = {"plain", "istio", "istio-ambient", "istio-waypoint", "linkerd"})
    void overlayRendersAndEveryObjectIsValid(String overlay) throws Exception {
        List<JsonNode> objects = render(Benchmarks.MODULE.resolve("k8s/overlays").resolve(overlay));
        Map<String, Object> typed = new HashMap<>();
        List<JsonNode> custom = new ArrayList<>();
        for (JsonNode object : objects) {
            String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            Class<?> cls = CORE_TYPES.get(type);
            if (cls == null) {
                custom.add(object);
                continue;
            }
            Object parsed = JSON.treeToValue(object, cls);
            List<String> unknown = new ArrayList<>();
            unknownFields(parsed, type, unknown, new IdentityHashMap<>());
            assertTrue(unknown.isEmpty(), overlay + ": fields Kubernetes does not know: " + unknown);
            typed.put(type + ":" + object.path("metadata").path("name").asText(), parsed);
        }

        Job job = only(typed, Job.class);
        ConfigMap settings = typed.values().stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().startsWith("loadtest-settings-")).findFirst().orElseThrow();
        assertEquals(overlay, settings.getData().get("MESH"), "MESH of the " + overlay + " overlay");
        assertTrue(Files.isRegularFile(Benchmarks.MODULE.resolve("benchmarks")
                .resolve(settings.getData().get("BENCH") + ".hf.yaml")), "default BENCH names a benchmark file");

        // Every $(VAR) in the Job's arguments comes from the settings ConfigMap or the container's env.
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(settings.getMetadata().getName(), container.getEnvFrom().get(0).getConfigMapRef().getName());
        Matcher vars = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(String.join(" ", container.getArgs()));
        while (vars.find()) {
            String var = vars.group(1);
            boolean defined = settings.getData().containsKey(var)
                    || container.getEnv().stream().anyMatch(e -> e.getName().equals(var));
            assertTrue(defined, overlay + ": $(" + var + ") is not defined");
        }
        String sa = job.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertTrue(typed.containsKey("v1/ServiceAccount:" + sa), "service account " + sa + " is rendered");
        boolean meshConfigMounted = job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getConfigMap() != null && typed.containsKey("v1/ConfigMap:" + v.getConfigMap().getName()));
        assertTrue(meshConfigMounted, "the mesh configuration ConfigMap is generated and mounted");

        switch (overlay) {
            case "plain" -> assertTrue(custom.isEmpty(), "plain adds no mesh objects");
            case "istio" -> {
                assertEquals("true", job.getSpec().getTemplate().getMetadata().getLabels().get("sidecar.istio.io/inject"));
                assertTrue(container.getArgs().contains("http://127.0.0.1:15020/quitquitquit"));
                assertTrue(custom.toString().contains("cluster.local/ns/" + job.getMetadata().getNamespace() + "/sa/" + sa),
                        "the AuthorizationPolicy names the Job's identity");
            }
            case "istio-ambient", "istio-waypoint" -> {
                // enrolled per pod in ambient, no sidecar and so nothing to stop at the end
                assertEquals("ambient", job.getSpec().getTemplate().getMetadata().getLabels().get("istio.io/dataplane-mode"));
                assertFalse(String.join(" ", container.getArgs()).contains("--finally-post"));
                String principal = "cluster.local/ns/" + job.getMetadata().getNamespace() + "/sa/" + sa;
                if (overlay.equals("istio-waypoint")) {
                    assertTrue(custom.size() == 1 && custom.get(0).path("spec").path("targetRefs").size() == 5
                            && custom.toString().contains(principal), "one policy for the waypoint, on the five Services: " + custom);
                } else {
                    assertTrue(custom.isEmpty(), "ztunnel only: no policy");
                }
            }
            case "linkerd" -> {
                assertEquals("enabled", job.getSpec().getTemplate().getMetadata().getAnnotations().get("linkerd.io/inject"));
                assertTrue(container.getArgs().contains("http://127.0.0.1:4191/shutdown"));
                assertEquals("enabled", job.getSpec().getTemplate().getMetadata().getAnnotations().get("config.linkerd.io/proxy-admin-shutdown"),
                        "the /shutdown fallback needs the proxy's shutdown endpoint, off by default");
            }
            default -> throw new IllegalArgumentException(overlay);
        }
        validateCustomResources(overlay, custom);
    }

    /** Mesh objects against the CRD schemas of the pinned upstream releases (closed objects, types, enums). */
    static void validateCustomResources(String overlay, List<JsonNode> custom) throws Exception {
        if (custom.isEmpty()) {
            return;
        }
        Path crds = crdDir();
        Map<String, JsonNode> schemas = new HashMap<>();
        try (var files = Files.list(crds)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode crd : readAll(Files.readString(file))) {
                    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                        continue;
                    }
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        schemas.put(group + "/" + version.path("name").asText() + "/" + kind,
                                version.path("schema").path("openAPIV3Schema"));
                    }
                }
            }
        }
        for (JsonNode object : custom) {
            String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            JsonNode schema = schemas.get(key);
            assertTrue(schema != null, overlay + ": no CRD for " + key + " in " + crds);
            ObjectNode body = object.deepCopy();
            body.remove(List.of("apiVersion", "kind", "metadata"));
            List<String> problems = new ArrayList<>();
            SchemaCheck.check(schema, body, key + " " + object.path("metadata").path("name").asText(), problems, true);
            assertTrue(problems.isEmpty(), overlay + ": " + problems);
        }
    }

    static Path crdDir() {
        String env = System.getenv("MESH_CRDS_DIR");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        // The CI layout: the shared CRDs sit beside the checkout (see .ci/run).
        candidates.add(Benchmarks.MODULE.resolve("../../shared/crds").normalize());
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("CRD schemas not found: set MESH_CRDS_DIR (mesh/fetch-crds.sh fetches them)");
    }

    static List<JsonNode> render(Path dir) throws Exception {
        Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
        assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + " failed: " + err);
        List<JsonNode> objects = readAll(out);
        assertFalse(objects.isEmpty(), "nothing rendered from " + dir);
        return objects;
    }

    static List<JsonNode> readAll(String yaml) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    docs.add(node);
                }
            }
        }
        return docs;
    }

    private static <T> T only(Map<String, Object> typed, Class<T> type) {
        List<T> found = typed.values().stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "exactly one " + type.getSimpleName());
        return found.get(0);
    }

    /**
     * fabric8 keeps fields it does not know in each object's additionalProperties instead of failing: walk the
     * parsed object graph and report every one of them (with its path), so a misspelt field cannot hide.
     */
    private static void unknownFields(Object value, String path, List<String> out, Map<Object, Boolean> seen) throws Exception {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), out, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
                continue;
            }
            unknownFields(child, path + "." + getter.getName().substring(3), out, seen);
        }
    }

    /** A minimal structural validator for CRD openAPIV3Schema: what `kubectl apply` (strict) would reject. */
    static final class SchemaCheck {
        private SchemaCheck() {
        }

        static void check(JsonNode schema, JsonNode value, String path, List<String> problems, boolean root) {
            if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
                if (!value.isTextual() && !value.isIntegralNumber()) {
                    problems.add(path + ": expected int or string");
                }
                return;
            }
            String type = schema.path("type").asText(root ? "object" : "");
            switch (type) {
                case "object" -> {
                    if (!value.isObject()) {
                        problems.add(path + ": expected object");
                        return;
                    }
                    JsonNode props = schema.path("properties");
                    boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                            || schema.has("additionalProperties");
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                        var field = it.next();
                        if (props.has(field.getKey())) {
                            check(props.get(field.getKey()), field.getValue(), path + "." + field.getKey(), problems, false);
                        } else if (schema.path("additionalProperties").isObject()) {
                            check(schema.get("additionalProperties"), field.getValue(), path + "." + field.getKey(), problems, false);
                        } else if (!open && !props.isMissingNode()) {
                            problems.add(path + ": unknown field " + field.getKey());
                        }
                    }
                    for (JsonNode required : schema.path("required")) {
                        if (!value.has(required.asText())) {
                            problems.add(path + ": missing required " + required.asText());
                        }
                    }
                }
                case "array" -> {
                    if (!value.isArray()) {
                        problems.add(path + ": expected array");
                        return;
                    }
                    int i = 0;
                    for (JsonNode item : value) {
                        check(schema.path("items"), item, path + "[" + i++ + "]", problems, false);
                    }
                }
                case "string" -> {
                    if (!value.isTextual()) {
                        problems.add(path + ": expected string");
                    } else if (schema.has("enum")) {
                        Set<String> allowed = new java.util.HashSet<>();
                        schema.get("enum").forEach(e -> allowed.add(e.asText()));
                        if (!allowed.contains(value.asText())) {
                            problems.add(path + ": " + value.asText() + " not in " + allowed);
                        }
                    }
                }
                case "integer" -> {
                    if (!value.isIntegralNumber()) {
                        problems.add(path + ": expected integer");
                    }
                }
                case "boolean" -> {
                    if (!value.isBoolean()) {
                        problems.add(path + ": expected boolean");
                    }
                }
                default -> {
                    // number, or no type (oneOf/anyOf-only schemas): not checked further
                }
            }
        }
    }
}
