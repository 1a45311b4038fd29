package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The objects of one rendered kustomization (an overlay, possibly with one component), as JSON trees. */
public record Render(String label, String mesh, List<ObjectNode> objects) {

    public static final String NAMESPACE = "meshdemo";
    /** Label of overlay objects that serve one component (its name) and select nothing until it is on. */
    public static final String FOR_COMPONENT = "meshdemo.dev/for-component";

    /** The components rendered with the overlay (from the label "overlay+component"). */
    public List<String> components() {
        int plus = label.indexOf('+');
        return plus < 0 ? List.of() : List.of(label.substring(plus + 1).split("\\+"));
    }

    /** The component an overlay object serves ({@link #FOR_COMPONENT}), if any. */
    public static Optional<String> forComponent(JsonNode o) {
        String c = o.path("metadata").path("labels").path(FOR_COMPONENT).asText("");
        return c.isEmpty() ? Optional.empty() : Optional.of(c);
    }

    /** False for an object serving a component that is not part of this render (it waits for that component). */
    public boolean inForce(JsonNode o) {
        return forComponent(o).map(components()::contains).orElse(true);
    }

    public Render copy() {
        List<ObjectNode> copies = new ArrayList<>();
        objects.forEach(o -> copies.add(o.deepCopy()));
        return new Render(label, mesh, copies);
    }

    public Stream<ObjectNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    /** Objects of a kind in an API group ("" for the core group). */
    public Stream<ObjectNode> all(String group, String kind) {
        return all(kind).filter(o -> group.equals(group(o)));
    }

    public Optional<ObjectNode> find(String group, String kind, String name) {
        return all(group, kind).filter(o -> name.equals(name(o))).findFirst();
    }

    /** Fetch one object for a test that mutates it; fails when it is missing. */
    public ObjectNode get(String group, String kind, String name) {
        return find(group, kind, name).orElseThrow(() -> new AssertionError(label + ": no " + kind + " " + name));
    }

    public static String group(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    public static String namespace(JsonNode o) {
        return o.path("metadata").path("namespace").asText(NAMESPACE);
    }

    public static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + name(o);
    }

    /** Workloads (Deployments and StatefulSets). */
    public Stream<ObjectNode> workloads() {
        return objects.stream().filter(o -> List.of("Deployment", "StatefulSet").contains(o.path("kind").asText()));
    }

    public static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    public static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    public static String serviceAccount(JsonNode workload) {
        return podSpec(workload).path("serviceAccountName").asText("default");
    }

    /** True when every key/value of {@code selector} is among {@code labels} (an empty selector matches nothing here). */
    public static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    public List<ObjectNode> workloadsSelectedBy(JsonNode selector) {
        return workloads().filter(w -> matches(selector, podLabels(w))).toList();
    }

    /** Does the pod template declare this container port (by name or number)? */
    public static boolean declaresPort(JsonNode workload, JsonNode port) {
        for (JsonNode c : podSpec(workload).path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (port.isInt() ? p.path("containerPort").asInt() == port.asInt() : port.asText().equals(p.path("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Numeric container port for a name or number on a workload, or -1. */
    public static int containerPort(JsonNode workload, JsonNode port) {
        for (JsonNode c : podSpec(workload).path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (port.isInt() ? p.path("containerPort").asInt() == port.asInt() : port.asText().equals(p.path("name").asText())) {
                    return p.path("containerPort").asInt();
                }
            }
        }
        return -1;
    }

    public static ArrayNode array(ObjectNode parent, String field) {
        return parent.withArray(field);
    }
}
