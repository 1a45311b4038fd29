package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates the rendered authorization policies of one mesh for a request, the way the proxy would
 * (for the subset of fields the manifests use; any other field is reported instead of being guessed at).
 */
public interface Authz {

    /** A caller: a service account, or null for a client without mesh identity (kubelet, unmeshed Prometheus). */
    record Request(String callerServiceAccount, String method, String path) {
    }

    boolean allows(ObjectNodeWorkload callee, Request request, List<String> problems);

    /** The callee: a workload and the port the request arrives on. */
    record ObjectNodeWorkload(JsonNode workload, String portName, int port) {
    }

    static Authz forMesh(Render r) {
        return switch (r.mesh()) {
            case "istio" -> new Istio(r);
            case "linkerd" -> new Linkerd(r);
            case Ambient.MESH -> new Ambient(r);
            default -> null;
        };
    }

    final class Istio implements Authz {
        private final Render r;

        Istio(Render r) {
            this.r = r;
        }

        public static String principal(String serviceAccount) {
            return "cluster.local/ns/" + Render.NAMESPACE + "/sa/" + serviceAccount;
        }

        @Override
        public boolean allows(ObjectNodeWorkload callee, Request req, List<String> problems) {
            JsonNode labels = Render.podLabels(callee.workload());
            // A sidecar ignores policies with targetRefs (those are for gateways and waypoints).
            List<JsonNode> policies = r.all("security.istio.io", "AuthorizationPolicy").filter(p -> !Ambient.hasTargetRefs(p))
                    .filter(p -> !p.path("spec").has("selector") || Render.matches(p.path("spec").path("selector").path("matchLabels"), labels))
                    .map(p -> (JsonNode) p).toList();
            return evaluate(policies, req, callee.port(), problems);
        }

        /** The decision of the policies that apply to one proxy (sidecar, ztunnel or waypoint): DENY first, then any ALLOW. */
        static boolean evaluate(List<JsonNode> policies, Request req, int port, List<String> problems) {
            boolean anyAllow = false;
            boolean allowed = false;
            for (JsonNode p : policies) {
                String action = p.path("spec").path("action").asText("ALLOW");
                boolean match = false;
                JsonNode rules = p.path("spec").path("rules");
                for (JsonNode rule : rules) {
                    match |= ruleMatches(rule, req, port, Render.id(p), problems);
                }
                switch (action) {
                    case "DENY" -> {
                        if (match) {
                            return false;
                        }
                    }
                    case "ALLOW" -> {
                        anyAllow = true;
                        allowed |= match;
                    }
                    default -> problems.add(Render.id(p) + ": action " + action + " is not evaluated by the validator");
                }
            }
            return !anyAllow || allowed;
        }

        private static boolean ruleMatches(JsonNode rule, Request req, int port, String where, List<String> problems) {
            if (rule.has("when")) {
                problems.add(where + ": 'when' conditions are not evaluated by the validator");
                return false;
            }
            boolean from = !rule.has("from") || rule.path("from").isEmpty();
            for (JsonNode f : rule.path("from")) {
                from |= sourceMatches(f.path("source"), req, where, problems);
            }
            boolean to = !rule.has("to") || rule.path("to").isEmpty();
            for (JsonNode t : rule.path("to")) {
                to |= operationMatches(t.path("operation"), req, port, where, problems);
            }
            return from && to;
        }

        private static boolean sourceMatches(JsonNode s, Request req, String where, List<String> problems) {
            String principal = req.callerServiceAccount() == null ? null : principal(req.callerServiceAccount());
            boolean ok = true;
            var names = s.fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                switch (field) {
                    case "principals" -> ok &= principal != null && anyGlob(s.path(field), principal);
                    case "notPrincipals" -> ok &= principal == null || !anyGlob(s.path(field), principal);
                    case "namespaces" -> ok &= principal != null && anyGlob(s.path(field), Render.NAMESPACE);
                    // The requests evaluated here carry no end-user JWT, so they have no request principal.
                    case "requestPrincipals" -> ok = false;
                    case "notRequestPrincipals" -> {
                        // satisfied: no request principal is in any list
                    }
                    default -> {
                        problems.add(where + ": source." + field + " is not evaluated by the validator");
                        ok = false;
                    }
                }
            }
            return ok;
        }

        private static boolean operationMatches(JsonNode o, Request req, int port, String where, List<String> problems) {
            boolean ok = true;
            var names = o.fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                switch (field) {
                    case "methods" -> ok &= req.method() != null && anyGlob(o.path(field), req.method());
                    case "notMethods" -> ok &= req.method() == null || !anyGlob(o.path(field), req.method());
                    case "paths" -> ok &= req.path() != null && anyPath(o.path(field), req.path());
                    case "notPaths" -> ok &= req.path() == null || !anyPath(o.path(field), req.path());
                    case "ports" -> ok &= anyGlob(o.path(field), Integer.toString(port));
                    case "notPorts" -> ok &= !anyGlob(o.path(field), Integer.toString(port));
                    default -> {
                        problems.add(where + ": operation." + field + " is not evaluated by the validator");
                        ok = false;
                    }
                }
            }
            return ok;
        }

        /** Istio string match: exact, "*", prefix "abc*" or suffix "*abc". */
        static boolean anyGlob(JsonNode values, String s) {
            for (JsonNode v : values) {
                String p = v.asText();
                if (p.equals("*") || p.equals(s) || p.endsWith("*") && s.startsWith(p.substring(0, p.length() - 1))
                        || p.startsWith("*") && s.endsWith(p.substring(1))) {
                    return true;
                }
            }
            return false;
        }

        /** Paths also know templates: {*} is one segment, {**} one or more. */
        static boolean anyPath(JsonNode values, String path) {
            for (JsonNode v : values) {
                String p = v.asText();
                if (p.contains("{*}") || p.contains("{**}")) {
                    String regex = Pattern.quote(p).replace("{**}", "\\E.+\\Q").replace("{*}", "\\E[^/]+\\Q");
                    if (path.matches(regex)) {
                        return true;
                    }
                } else if (anyGlob(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(p), path)) {
                    return true;
                }
            }
            return false;
        }
    }

    final class Linkerd implements Authz {
        private final Render r;

        Linkerd(Render r) {
            this.r = r;
        }

        public static String identity(String serviceAccount) {
            return serviceAccount + "." + Render.NAMESPACE + ".serviceaccount.identity.linkerd.cluster.local";
        }

        private String defaultPolicy(JsonNode workload) {
            String pod = Render.podSpec(workload).isMissingNode() ? null
                    : workload.path("spec").path("template").path("metadata").path("annotations").path("config.linkerd.io/default-inbound-policy").asText(null);
            if (pod != null) {
                return pod;
            }
            return r.find("", "Namespace", Render.NAMESPACE)
                    .map(n -> n.path("metadata").path("annotations").path("config.linkerd.io/default-inbound-policy").asText("all-unauthenticated"))
                    .orElse("all-unauthenticated");
        }

        @Override
        public boolean allows(ObjectNodeWorkload callee, Request req, List<String> problems) {
            List<JsonNode> servers = r.all("policy.linkerd.io", "Server")
                    .filter(s -> Render.matches(s.path("spec").path("podSelector").path("matchLabels"), Render.podLabels(callee.workload())))
                    .filter(s -> {
                        JsonNode port = s.path("spec").path("port");
                        return port.isInt() ? port.asInt() == callee.port() : port.asText().equals(callee.portName());
                    })
                    .map(s -> (JsonNode) s).toList();
            if (servers.isEmpty()) {
                return switch (defaultPolicy(callee.workload())) {
                    case "all-unauthenticated", "cluster-unauthenticated", "audit" -> true;
                    case "all-authenticated", "cluster-authenticated" -> req.callerServiceAccount() != null;
                    default -> false;
                };
            }
            if (servers.size() > 1) {
                problems.add("more than one Server selects " + Render.id(callee.workload()) + " port " + callee.port());
            }
            String server = Render.name(servers.get(0));
            // What the Server does with traffic no authorization admits (default deny).
            String access = servers.get(0).path("spec").path("accessPolicy").asText("deny");
            boolean byAccessPolicy = switch (access) {
                case "deny" -> false;
                case "all-unauthenticated", "cluster-unauthenticated", "audit" -> true;
                case "all-authenticated", "cluster-authenticated" -> req.callerServiceAccount() != null;
                default -> {
                    problems.add("Server " + server + ": accessPolicy " + access + " is not evaluated by the validator");
                    yield false;
                }
            };
            if (byAccessPolicy) {
                return true;
            }
            List<JsonNode> serverPolicies = policiesFor("Server", server);
            List<JsonNode> routes = r.objects().stream()
                    .filter(o -> "HTTPRoute".equals(o.path("kind").asText()))
                    .filter(o -> parentIsServer(o, server)).map(o -> (JsonNode) o).toList();
            if (routes.isEmpty()) {
                return anyPolicyAllows(serverPolicies, req, problems);
            }
            // The most specific matching rule wins (Gateway API precedence); no match is a 404.
            record Hit(JsonNode route, int rank) {
            }
            List<Hit> hits = new ArrayList<>();
            for (JsonNode route : routes) {
                for (JsonNode rule : route.path("spec").path("rules")) {
                    JsonNode matches = rule.path("matches");
                    if (matches.isEmpty()) {
                        hits.add(new Hit(route, 0));
                    }
                    for (JsonNode m : matches) {
                        int rank = rank(m, req, problems);
                        if (rank >= 0) {
                            hits.add(new Hit(route, rank));
                        }
                    }
                }
            }
            if (hits.isEmpty()) {
                return false;
            }
            int best = hits.stream().mapToInt(Hit::rank).max().orElseThrow();
            List<JsonNode> policies = new ArrayList<>(serverPolicies);
            hits.stream().filter(h -> h.rank() == best).map(Hit::route).distinct()
                    .forEach(route -> policies.addAll(policiesFor("HTTPRoute", Render.name(route))));
            return anyPolicyAllows(policies, req, problems);
        }

        private static boolean parentIsServer(JsonNode route, String server) {
            for (JsonNode p : route.path("spec").path("parentRefs")) {
                if ("Server".equals(p.path("kind").asText()) && server.equals(p.path("name").asText())) {
                    return true;
                }
            }
            return false;
        }

        /** -1 when the match does not apply; otherwise higher is more specific. */
        private static int rank(JsonNode match, Request req, List<String> problems) {
            if (match.has("method") && !match.path("method").asText().equals(req.method())) {
                return -1;
            }
            if (match.has("headers") || match.has("queryParams")) {
                problems.add("inbound route matches on headers/query parameters are not evaluated by the validator");
                return -1;
            }
            JsonNode path = match.path("path");
            String type = path.path("type").asText("PathPrefix");
            String value = path.path("value").asText("/");
            int rank;
            switch (type) {
                case "Exact" -> {
                    if (!req.path().equals(value)) {
                        return -1;
                    }
                    rank = 1_000_000;
                }
                case "PathPrefix" -> {
                    String prefix = value.endsWith("/") && value.length() > 1 ? value.substring(0, value.length() - 1) : value;
                    if (!(prefix.equals("/") || req.path().equals(prefix) || req.path().startsWith(prefix + "/"))) {
                        return -1;
                    }
                    rank = 1000 * prefix.length();
                }
                case "RegularExpression" -> {
                    // Unanchored search: the manifests anchor their expressions, so both readings agree.
                    if (!Pattern.compile(value).matcher(req.path()).find()) {
                        return -1;
                    }
                    rank = 500;
                }
                default -> {
                    problems.add("path match type " + type + " is not evaluated by the validator");
                    return -1;
                }
            }
            return rank + (match.has("method") ? 10 : 0);
        }

        private List<JsonNode> policiesFor(String kind, String name) {
            return r.all("policy.linkerd.io", "AuthorizationPolicy")
                    .filter(p -> kind.equals(p.path("spec").path("targetRef").path("kind").asText())
                            && name.equals(p.path("spec").path("targetRef").path("name").asText()))
                    .map(p -> (JsonNode) p).toList();
        }

        private boolean anyPolicyAllows(List<JsonNode> policies, Request req, List<String> problems) {
            for (JsonNode p : policies) {
                boolean all = true;
                for (JsonNode ref : p.path("spec").path("requiredAuthenticationRefs")) {
                    all &= authenticates(ref, req, problems);
                }
                if (all && !p.path("spec").path("requiredAuthenticationRefs").isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        private boolean authenticates(JsonNode ref, Request req, List<String> problems) {
            String kind = ref.path("kind").asText();
            String name = ref.path("name").asText();
            switch (kind) {
                case "NetworkAuthentication" -> {
                    // Any client address may fall into a listed network: treat it as satisfied.
                    return r.find("policy.linkerd.io", kind, name).isPresent();
                }
                case "MeshTLSAuthentication" -> {
                    if (req.callerServiceAccount() == null) {
                        return false;
                    }
                    var authn = r.find("policy.linkerd.io", kind, name);
                    if (authn.isEmpty()) {
                        return false;
                    }
                    for (JsonNode id : authn.get().path("spec").path("identityRefs")) {
                        if ("ServiceAccount".equals(id.path("kind").asText()) && req.callerServiceAccount().equals(id.path("name").asText())
                                && id.path("namespace").asText(Render.NAMESPACE).equals(Render.NAMESPACE)) {
                            return true;
                        }
                        if ("ServiceAccount".equals(id.path("kind").asText()) && "*".equals(id.path("name").asText())) {
                            return true;
                        }
                    }
                    for (JsonNode id : authn.get().path("spec").path("identities")) {
                        String s = id.asText();
                        if (s.equals("*") || s.equals(identity(req.callerServiceAccount()))
                                || s.startsWith("*.") && identity(req.callerServiceAccount()).endsWith(s.substring(1))) {
                            return true;
                        }
                    }
                    return false;
                }
                default -> {
                    problems.add("authentication kind " + kind + " is not evaluated by the validator");
                    return false;
                }
            }
        }
    }

    Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS");

}
