package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Istio's ambient data plane, as the manifests decide it (Istio 1.30.3): ztunnel enforces the policies without
 * targetRefs on every ambient pod at L4, a waypoint (a Gateway API Gateway of class istio-waypoint) enforces the
 * policies whose targetRefs name a Service that uses it, or the waypoint itself
 * (pilot/pkg/model/policyattachment.go), and a Service uses the waypoint its istio.io/use-waypoint label names
 * (or the namespace's).
 */
public final class Ambient implements Authz {
    public static final String MESH = "istio-ambient";
    public static final String GATEWAY_API = "gateway.networking.k8s.io";
    public static final String WAYPOINT_CLASS = "istio-waypoint";
    public static final String USE_WAYPOINT = "istio.io/use-waypoint";
    public static final String DATAPLANE_MODE = "istio.io/dataplane-mode";
    /** Fields only an HTTP proxy can evaluate: a policy with them needs a waypoint (or gateway) as its enforcer. */
    static final Set<String> L7_SOURCE = Set.of("requestPrincipals", "notRequestPrincipals", "remoteIpBlocks", "notRemoteIpBlocks");
    static final Set<String> L7_OPERATION = Set.of("methods", "notMethods", "paths", "notPaths", "hosts", "notHosts");

    private final Render r;

    Ambient(Render r) {
        this.r = r;
    }

    public static boolean is(Render r) {
        return MESH.equals(r.mesh());
    }

    /** The waypoint Gateways (class istio-waypoint) of the render, by name. */
    public static Optional<ObjectNode> waypoint(Render r, String name) {
        return r.all(GATEWAY_API, "Gateway").filter(g -> name.equals(Render.name(g)))
                .filter(g -> WAYPOINT_CLASS.equals(g.path("spec").path("gatewayClassName").asText())).findFirst();
    }

    /** The waypoint a Service's traffic goes through: its own istio.io/use-waypoint label, else the namespace's; "none" opts out. */
    public static Optional<String> waypointOf(Render r, JsonNode service) {
        String own = service.path("metadata").path("labels").path(USE_WAYPOINT).asText("");
        String ns = r.find("", "Namespace", Render.NAMESPACE).map(n -> n.path("metadata").path("labels").path(USE_WAYPOINT).asText("")).orElse("");
        String name = !own.isEmpty() ? own : ns;
        return name.isEmpty() || name.equals("none") ? Optional.empty() : Optional.of(name);
    }

    /**
     * The ServiceAccount istiod gives the Deployment it creates for a Gateway: gateway.istio.io/service-account, else
     * the Gateway's name (class istio-waypoint) or name-class (pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go).
     */
    public static String serviceAccountOf(JsonNode gateway) {
        String override = gateway.path("metadata").path("annotations").path("gateway.istio.io/service-account").asText("");
        if (!override.isEmpty()) {
            return override;
        }
        String cls = gateway.path("spec").path("gatewayClassName").asText();
        return WAYPOINT_CLASS.equals(cls) ? Render.name(gateway) : Render.name(gateway) + "-" + cls;
    }

    /** ServiceAccounts istiod creates for the render's Gateways (they are not in the manifests). */
    public static Set<String> gatewayServiceAccounts(Render r) {
        Set<String> accounts = new TreeSet<>();
        r.all(GATEWAY_API, "Gateway").filter(g -> g.path("spec").path("gatewayClassName").asText().startsWith("istio"))
                .forEach(g -> accounts.add(serviceAccountOf(g)));
        return accounts;
    }

    /** Whether a policy names L7 attributes (which ztunnel cannot evaluate: an ALLOW rule with them never matches there). */
    public static List<String> l7Fields(JsonNode policy) {
        List<String> fields = new ArrayList<>();
        for (JsonNode rule : policy.path("spec").path("rules")) {
            rule.path("from").forEach(f -> f.path("source").fieldNames().forEachRemaining(n -> {
                if (L7_SOURCE.contains(n)) {
                    fields.add("source." + n);
                }
            }));
            rule.path("to").forEach(t -> t.path("operation").fieldNames().forEachRemaining(n -> {
                if (L7_OPERATION.contains(n)) {
                    fields.add("operation." + n);
                }
            }));
            if (rule.has("when")) {
                fields.add("when");
            }
        }
        return fields;
    }

    static boolean hasTargetRefs(JsonNode policy) {
        return policy.path("spec").has("targetRefs") || policy.path("spec").has("targetRef");
    }

    static List<JsonNode> targetRefs(JsonNode policy) {
        List<JsonNode> refs = new ArrayList<>();
        policy.path("spec").path("targetRefs").forEach(refs::add);
        if (policy.path("spec").has("targetRef")) {
            refs.add(policy.path("spec").path("targetRef"));
        }
        return refs;
    }

    @Override
    public boolean allows(ObjectNodeWorkload callee, Request req, List<String> problems) {
        Optional<JsonNode> service = MeshRules.serviceOf(callee.workload()).flatMap(s -> r.find("", "Service", s)).map(s -> s);
        Optional<String> waypoint = service.flatMap(s -> waypointOf(r, s)).filter(w -> waypoint(r, w).isPresent());
        // A caller may always dial a pod IP, which no waypoint for Services sees: then ztunnel alone decides, on the
        // caller's identity (none without the mesh). So that path must be closed wherever the waypoint's rules matter.
        boolean direct = ztunnel(callee, new Request(req.callerServiceAccount(), null, null), problems);
        if (direct || req.callerServiceAccount() == null || service.isEmpty() || waypoint.isEmpty()) {
            return direct;
        }
        String svc = Render.name(service.get());
        List<JsonNode> atWaypoint = r.all("security.istio.io", "AuthorizationPolicy").filter(p -> targetRefs(p).stream().anyMatch(t ->
                "Service".equals(t.path("kind").asText()) && t.path("group").asText("").isEmpty() && svc.equals(t.path("name").asText())
                        || "Gateway".equals(t.path("kind").asText()) && GATEWAY_API.equals(t.path("group").asText()) && waypoint.get().equals(t.path("name").asText())))
                .map(p -> (JsonNode) p).toList();
        if (!Istio.evaluate(atWaypoint, req, callee.port(), problems)) {
            return false;
        }
        // The waypoint forwards over its own HBONE connection: the callee's ztunnel sees the waypoint's identity.
        String waypointAccount = serviceAccountOf(waypoint(r, waypoint.get()).get());
        return ztunnel(callee, new Request(waypointAccount, null, null), problems);
    }

    private boolean ztunnel(ObjectNodeWorkload callee, Request l4, List<String> problems) {
        JsonNode labels = Render.podLabels(callee.workload());
        List<JsonNode> policies = r.all("security.istio.io", "AuthorizationPolicy").filter(p -> !hasTargetRefs(p))
                .filter(p -> !p.path("spec").has("selector") || Render.matches(p.path("spec").path("selector").path("matchLabels"), labels))
                .map(p -> (JsonNode) p).toList();
        return Istio.evaluate(policies, l4, callee.port(), problems);
    }
}
