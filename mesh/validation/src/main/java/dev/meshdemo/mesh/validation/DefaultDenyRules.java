package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deny by default, decided from the manifests: under Istio a namespace-wide allow-nothing policy; under Linkerd a
 * Server for every port of every pod; under both, the workloads that are not services (the entry, the
 * observability component) reachable by exactly the clients that need them, and any other workload by nobody.
 */
public final class DefaultDenyRules {

    /** Who must reach a workload that is not one of the five services (by its app label), per port name. */
    record Need(String app, String port, String caller, String method) {
        static final String ANYONE = "*";

        boolean names(String app, String port, String caller) {
            return this.app.equals(app) && this.port.equals(port) && (this.caller.equals(ANYONE) || this.caller.equals(caller));
        }
    }

    /** The needed data paths; {@code callers} are the mesh identities of the render. */
    static List<Need> needs(String mesh, Set<String> callers) {
        List<Need> needs = new ArrayList<>();
        // The entry faces the NodePort: anyone, with or without mesh identity.
        needs.add(new Need(Contract.entry(), "http", Need.ANYONE, "GET"));
        // Traces: the services export OTLP; under Istio (sidecars or ambient) every Envoy (any identity of the
        // namespace) does too; under Linkerd the proxies of the services and of the entry (proxy tracing, set at install).
        Set<String> linkerdExporters = new TreeSet<>(Contract.SERVICES);
        linkerdExporters.add(Contract.entry());
        for (String s : mesh.startsWith("istio") ? callers : linkerdExporters) {
            needs.add(new Need("otel-collector", "otlp-grpc", s, "POST"));
            needs.add(new Need("otel-collector", "otlp-http", s, "POST"));
        }
        needs.add(new Need("jaeger", "otlp-grpc", "otel-collector", "POST"));
        needs.add(new Need("jaeger", "http-ui", "grafana", "GET"));
        needs.add(new Need("prometheus", "http", "grafana", "POST"));
        return needs;
    }

    private DefaultDenyRules() {
    }

    /** Istio: one namespace-wide ALLOW policy without rules, and no namespace-wide policy that allows or denies by rule. */
    public static List<String> istioAllowNothing(Render r) {
        List<String> errors = new ArrayList<>();
        if (!r.mesh().startsWith("istio")) { // under ambient ztunnel enforces it on every ambient pod
            return errors;
        }
        List<JsonNode> wide = r.all("security.istio.io", "AuthorizationPolicy").filter(p -> !p.path("spec").has("selector")
                && !p.path("spec").has("targetRef") && !p.path("spec").has("targetRefs")).map(p -> (JsonNode) p).toList();
        boolean allowNothing = wide.stream().anyMatch(p -> "ALLOW".equals(p.path("spec").path("action").asText("ALLOW"))
                && p.path("spec").path("rules").isEmpty());
        if (!allowNothing) {
            errors.add("istio: no namespace-wide allow-nothing AuthorizationPolicy (an ALLOW policy without selector and without rules):"
                    + " workloads without their own ALLOW policy accept any caller");
        }
        for (JsonNode p : wide) {
            if (!p.path("spec").path("rules").isEmpty()) {
                errors.add("istio: " + Render.id(p) + " is namespace-wide and has rules: it opens (or closes) every workload at once;"
                        + " give each workload its own policy");
            }
        }
        return errors;
    }

    /** Linkerd: every container port of every pod is governed by exactly one Server (the default policy decides nothing). */
    public static List<String> linkerdServerForEveryPort(Render r) {
        List<String> errors = new ArrayList<>();
        if (!r.mesh().equals("linkerd")) {
            return errors;
        }
        r.workloads().forEach(w -> {
            for (JsonNode c : Render.podSpec(w).path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    String name = p.path("name").asText(null);
                    int number = p.path("containerPort").asInt();
                    List<String> servers = r.all("policy.linkerd.io", "Server")
                            .filter(s -> Render.matches(s.path("spec").path("podSelector").path("matchLabels"), Render.podLabels(w)))
                            .filter(s -> {
                                JsonNode port = s.path("spec").path("port");
                                return port.isInt() ? port.asInt() == number : port.asText().equals(name);
                            }).map(Render::name).toList();
                    String where = Render.id(w) + " port " + (name != null ? name + "/" : "") + number;
                    if (servers.isEmpty()) {
                        errors.add("linkerd: " + where + " is selected by no Server, so the namespace's default policy lets every"
                                + " meshed identity call every path on it");
                    } else if (servers.size() > 1) {
                        errors.add("linkerd: " + where + " is selected by several Servers " + servers);
                    }
                }
            }
        });
        return errors;
    }

    /**
     * The workloads that are not services: each need of {@link #needs} is allowed, every other caller (each
     * ServiceAccount of the render and a client without identity) is refused on each of their ports; a workload
     * no need names is reachable by nobody.
     */
    public static List<String> otherWorkloadsReachable(Render r) {
        List<String> errors = new ArrayList<>();
        Authz authz = Authz.forMesh(r);
        if (authz == null) {
            return errors;
        }
        Set<String> callers = new TreeSet<>(Contract.SERVICES);
        callers.add(Contract.entry());
        r.all("", "ServiceAccount").forEach(sa -> callers.add(Render.name(sa)));
        List<Need> needs = needs(r.mesh(), callers);
        List<String> problems = new ArrayList<>();
        r.workloads().filter(w -> MeshRules.serviceOf(w).isEmpty()).forEach(w -> {
            String app = Render.podLabels(w).path("app").asText();
            if (app.equals("postgres")) {
                return; // the authorization graph rule covers PostgreSQL
            }
            for (JsonNode c : Render.podSpec(w).path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    String portName = p.path("name").asText("");
                    int number = p.path("containerPort").asInt();
                    var target = new Authz.ObjectNodeWorkload(w, portName, number);
                    List<String> all = new ArrayList<>(callers);
                    all.add(null);
                    for (String caller : all) {
                        Optional<Need> need = needs.stream().filter(n -> n.names(app, portName, caller)).findFirst();
                        String method = need.map(Need::method).orElse("GET");
                        boolean actual = authz.allows(target, new Authz.Request(caller, method, "/"), problems);
                        String who = caller == null ? "a client without mesh identity" : caller;
                        if (need.isPresent() && !actual) {
                            errors.add(r.mesh() + ": " + who + " -> " + Render.name(w) + " " + portName + "/" + number + " is refused but needed");
                        } else if (need.isEmpty() && actual) {
                            errors.add(r.mesh() + ": " + who + " -> " + Render.name(w) + " " + portName + "/" + number
                                    + " is allowed but nothing needs it (deny by default)");
                        }
                    }
                }
            }
        });
        new LinkedHashSet<>(problems).forEach(p -> errors.add(r.mesh() + ": " + p));
        return errors;
    }

    /**
     * The entry answers clients without mesh identity (the NodePort's users) under the render's own policies, at
     * every step of the course: a default inbound policy that admits only meshed clients (Linkerd's
     * all-authenticated, read by each proxy at its restart) closes it unless a Server of its own opens its port.
     */
    public static List<String> entryOpenToClientsWithoutIdentity(Render r) {
        List<String> errors = new ArrayList<>();
        Authz authz = Authz.forMesh(r);
        if (authz == null) {
            return errors;
        }
        List<String> problems = new ArrayList<>();
        if (Ambient.is(r) && r.all(Ambient.GATEWAY_API, "Gateway").anyMatch(g -> Contract.entry().equals(Render.name(g)))) {
            return ambientEntryOpenToClientsWithoutIdentity(r);
        }
        List<ObjectNode> entries = r.workloads().filter(w -> Contract.entry().equals(Render.podLabels(w).path("app").asText())).toList();
        if (entries.isEmpty() && Ambient.is(r)) {
            // Ambient's phase 2 only enrolls the namespace: phase 1's nginx entry, applied before, keeps running (now
            // behind ztunnel) until phase 3 replaces it. Only a namespace-wide ztunnel policy in this render could close it.
            r.all("security.istio.io", "AuthorizationPolicy").filter(p -> !Ambient.hasTargetRefs(p) && !p.path("spec").has("selector"))
                    .forEach(p -> errors.add(r.mesh() + ": " + Render.id(p) + " applies to phase 1's nginx entry, which this render has no policy for"));
            return errors;
        }
        if (entries.isEmpty()) {
            errors.add(r.mesh() + ": no entry workload (app: " + Contract.entry() + ")");
        }
        for (ObjectNode w : entries) {
            int port = Render.containerPort(w, com.fasterxml.jackson.databind.node.TextNode.valueOf("http"));
            if (port < 0) {
                errors.add(r.mesh() + ": " + Render.id(w) + " has no container port named http");
                continue;
            }
            for (String path : List.of("/products/1", "/users/user1")) {
                if (!authz.allows(new Authz.ObjectNodeWorkload(w, "http", port), new Authz.Request(null, "GET", path), problems)) {
                    errors.add(r.mesh() + ": a client without mesh identity is refused by " + Render.id(w) + " http/" + port + " (GET " + path
                            + "): the entry must stay open at every step");
                }
            }
        }
        new LinkedHashSet<>(problems).forEach(p -> errors.add(r.mesh() + ": " + p));
        return errors;
    }

    /**
     * Under ambient, once the entry is the Gateway API Gateway that istiod deploys (no workload in the render, and
     * outside ztunnel: its pods are not enrolled), what could close it is an AuthorizationPolicy whose targetRefs
     * name it. Before that step the entry is the nginx workload, decided like any other.
     */
    private static List<String> ambientEntryOpenToClientsWithoutIdentity(Render r) {
        List<String> errors = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional<JsonNode> gateway = r.all(Ambient.GATEWAY_API, "Gateway").filter(g -> Contract.entry().equals(Render.name(g))
                && "istio".equals(g.path("spec").path("gatewayClassName").asText())).map(g -> (JsonNode) g).findFirst();
        if (gateway.isEmpty()) {
            errors.add(r.mesh() + ": no entry Gateway (class istio) named " + Contract.entry());
            return errors;
        }
        Optional<JsonNode> listener = java.util.stream.StreamSupport.stream(gateway.get().path("spec").path("listeners").spliterator(), false)
                .filter(l -> "http".equals(l.path("name").asText())).findFirst();
        if (listener.isEmpty()) {
            errors.add(r.mesh() + ": the entry Gateway " + Contract.entry() + " has no listener named http");
            return errors;
        }
        int port = listener.get().path("port").asInt();
        List<JsonNode> atEntry = r.all("security.istio.io", "AuthorizationPolicy").filter(p -> Ambient.targetRefs(p).stream().anyMatch(t ->
                "Gateway".equals(t.path("kind").asText()) && Ambient.GATEWAY_API.equals(t.path("group").asText())
                        && Contract.entry().equals(t.path("name").asText()))).map(p -> (JsonNode) p).toList();
        for (String path : List.of("/products/1", "/users/user1")) {
            if (!Authz.Istio.evaluate(atEntry, new Authz.Request(null, "GET", path), port, problems)) {
                errors.add(r.mesh() + ": a client without mesh identity is refused by Gateway " + Contract.entry() + " http/" + port
                        + " (GET " + path + "): the entry must stay open at every step");
            }
        }
        new LinkedHashSet<>(problems).forEach(p -> errors.add(r.mesh() + ": " + p));
        return errors;
    }

    /**
     * The settings the overlay gives the apps: under a mesh, /whoami trusts that mesh's header (APP_MESH) and the
     * app's own retries are off (APP_RESILIENCE=off, so only the mesh retries); without a mesh, neither is set
     * otherwise (identity stays null, the app retries).
     */
    public static List<String> appSettingsPerOverlay(Render r) {
        List<String> errors = new ArrayList<>();
        Map<String, String> expected = r.mesh().equals("plain")
                ? Map.of("APP_MESH", "none", "APP_RESILIENCE", "on")
                // Ambient: the waypoint writes x-forwarded-client-cert (ambient.istio.io/xfcc-include-client-identity), as a sidecar does.
                : Map.of("APP_MESH", Ambient.is(r) ? "istio" : r.mesh(), "APP_RESILIENCE", "off");
        r.workloads().filter(w -> MeshRules.serviceOf(w).isPresent()).forEach(w -> {
            for (JsonNode c : Render.podSpec(w).path("containers")) {
                expected.forEach((name, value) -> {
                    String actual = null;
                    int count = 0;
                    for (JsonNode env : c.path("env")) {
                        if (name.equals(env.path("name").asText())) {
                            actual = env.path("value").asText();
                            count++;
                        }
                    }
                    String effective = actual == null ? (name.equals("APP_MESH") ? "none" : "on") : actual;
                    if (count > 1) {
                        errors.add(Render.id(w) + ": " + name + " is set " + count + " times");
                    }
                    if (!effective.equalsIgnoreCase(value)) {
                        errors.add(Render.id(w) + ": " + name + "=" + effective + " under " + r.mesh() + ", expected " + value);
                    }
                });
            }
        });
        return errors;
    }

    private static final Set<String> LINKERD_PROTOCOLS = Set.of("http", "kubernetes.io/h2c", "linkerd.io/opaque", "linkerd.io/tcp");
    private static final Set<String> ISTIO_PROTOCOLS = Set.of("http", "http2", "https", "tcp", "tls", "grpc", "grpc-web", "mongo",
            "redis", "mysql", "udp", "kubernetes.io/h2c", "kubernetes.io/ws", "kubernetes.io/wss");

    /**
     * Service ports name protocols the mesh knows. Linkerd reads http, kubernetes.io/h2c and linkerd.io/opaque (tcp);
     * its policy controller forwards any other appProtocol (e.g. tcp for PostgreSQL) as opaque TCP and then ignores the
     * Service's opaque-ports annotation for that port, but the pods need config.linkerd.io/opaque-ports for the inbound
     * side and `linkerd check --proxy` compares it with the Service's, so both carry it; gRPC ports say
     * kubernetes.io/h2c, which both meshes read as HTTP/2.
     */
    public static List<String> appProtocolsKnown(Render r) {
        List<String> errors = new ArrayList<>();
        r.all("", "Service").forEach(s -> {
            Set<String> opaque = Set.of(s.path("metadata").path("annotations").path("config.linkerd.io/opaque-ports").asText("").split(","));
            for (JsonNode p : s.path("spec").path("ports")) {
                String proto = p.path("appProtocol").asText("");
                String port = Integer.toString(p.path("port").asInt());
                String where = Render.id(s) + " port " + p.path("name").asText(port);
                if (proto.isEmpty()) {
                    errors.add(where + ": no appProtocol (the meshes would sniff the protocol)");
                    continue;
                }
                if (proto.equals("grpc")) {
                    errors.add(where + ": appProtocol grpc is unknown to Linkerd; use kubernetes.io/h2c (HTTP/2 cleartext, read by both meshes)");
                }
                if (r.mesh().startsWith("istio") && !ISTIO_PROTOCOLS.contains(proto)) {
                    errors.add(where + ": appProtocol " + proto + " is unknown to Istio");
                }
                if (r.mesh().equals("linkerd") && !LINKERD_PROTOCOLS.contains(proto) && !opaque.contains(port)) {
                    errors.add(where + ": appProtocol " + proto + " is unknown to Linkerd and the port is not in config.linkerd.io/opaque-ports"
                            + " (Linkerd forwards it as opaque TCP anyway, but `linkerd check --proxy` wants the Service to say so like its pods)");
                }
                if (r.mesh().equals("linkerd") && opaque.contains(port)) {
                    for (JsonNode w : r.workloadsSelectedBy(s.path("spec").path("selector"))) {
                        int target = Render.containerPort(w, p.has("targetPort") ? p.path("targetPort") : IntNode.valueOf(p.path("port").asInt()));
                        String podOpaque = w.path("spec").path("template").path("metadata").path("annotations")
                                .path("config.linkerd.io/opaque-ports").asText("");
                        if (!Set.of(podOpaque.split(",")).contains(Integer.toString(target))) {
                            errors.add(where + ": opaque on the Service but not on the pods of " + Render.id(w) + " (port " + target + ")");
                        }
                    }
                }
            }
        });
        return errors;
    }


    /** Pod-level Istio proxy settings that a native sidecar (kind v0.30, EKS 1.33: kubelet >= 1.33) never uses. */
    static final List<String> UNUSED_WITH_NATIVE_SIDECARS = List.of("holdApplicationUntilProxyStarts", "terminationDrainDuration",
            "EXIT_ON_ZERO_ACTIVE_CONNECTIONS");

    /**
     * Istio 1.30 injects a native sidecar when every node's kubelet is >= 1.33 (ENABLE_NATIVE_SIDECARS=auto); the
     * injection template then ignores holdApplicationUntilProxyStarts, and the drain settings act only after the
     * app has exited. Pods must not carry them as if they did something.
     */
    public static List<String> noSettingsUnusedWithNativeSidecars(Render r) {
        List<String> errors = new ArrayList<>();
        r.workloads().forEach(w -> {
            JsonNode annotations = w.path("spec").path("template").path("metadata").path("annotations");
            String config = annotations.path("proxy.istio.io/config").asText("");
            for (String setting : UNUSED_WITH_NATIVE_SIDECARS) {
                if (config.contains(setting)) {
                    errors.add(Render.id(w) + ": proxy.istio.io/config sets " + setting + ", which native sidecars do not use");
                }
            }
        });
        return errors;
    }
}
