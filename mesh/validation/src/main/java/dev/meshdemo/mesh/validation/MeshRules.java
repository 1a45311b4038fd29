package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The meaning of the manifests: each method is one rule and returns its violations (empty when it holds). */
public final class MeshRules {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started", "livenessProbe", "/health", "readinessProbe", "/ready");

    private MeshRules() {
    }

    /** The application's service name of a workload (app.kubernetes.io/name), if it is one of the five. */
    static Optional<String> serviceOf(JsonNode workload) {
        String name = Render.podLabels(workload).path("app.kubernetes.io/name").asText();
        return Contract.SERVICES.contains(name) ? Optional.of(name) : Optional.empty();
    }

    static Optional<JsonNode> service(Render r, String host) {
        // "name", "name.ns", "name.ns.svc", "name.ns.svc.cluster.local"
        String[] parts = host.split("\\.");
        if (parts.length > 1 && !parts[1].equals(Render.NAMESPACE)) {
            return Optional.empty();
        }
        return r.find("", "Service", parts[0]).map(s -> s);
    }

    static boolean servicePortExists(JsonNode service, int port) {
        for (JsonNode p : service.path("spec").path("ports")) {
            if (p.path("port").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- selectors

    public static List<String> selectorsMatch(Render r) {
        List<String> errors = new ArrayList<>();
        // Objects waiting for a component are checked in the render with it; the component must exist.
        r.objects().forEach(o -> Render.forComponent(o).ifPresent(c -> {
            if (!java.nio.file.Files.isDirectory(Repo.mesh().resolve("components").resolve(c))) {
                errors.add(Render.id(o) + ": " + Render.FOR_COMPONENT + " names " + c + ", which is not a component of mesh/components");
            }
        }));
        r.workloads().forEach(w -> {
            if (!Render.matches(w.path("spec").path("selector").path("matchLabels"), Render.podLabels(w))) {
                errors.add(Render.id(w) + ": spec.selector does not match its own pod template labels");
            }
        });
        r.all("", "Service").forEach(s -> {
            JsonNode selector = s.path("spec").path("selector");
            List<? extends JsonNode> pods = r.workloadsSelectedBy(selector);
            if (pods.isEmpty()) {
                errors.add(Render.id(s) + ": selector " + selector + " matches no pods");
            }
            for (JsonNode p : s.path("spec").path("ports")) {
                JsonNode target = p.has("targetPort") ? p.path("targetPort") : p.path("port");
                for (JsonNode w : pods) {
                    if (!Render.declaresPort(w, target)) {
                        errors.add(Render.id(s) + ": targetPort " + target + " is not a container port of " + Render.id(w));
                    }
                }
            }
        });
        r.all("policy", "PodDisruptionBudget").forEach(p -> {
            if (r.workloadsSelectedBy(p.path("spec").path("selector").path("matchLabels")).isEmpty()) {
                errors.add(Render.id(p) + ": selector matches no pods");
            }
        });
        r.all("security.istio.io", "AuthorizationPolicy").filter(p -> p.path("spec").has("selector")).filter(r::inForce).forEach(p -> {
            if (r.workloadsSelectedBy(p.path("spec").path("selector").path("matchLabels")).isEmpty()) {
                errors.add(Render.id(p) + ": selector matches no pods");
            }
        });
        r.all("networking.istio.io", "Gateway").forEach(g -> {
            if (r.workloadsSelectedBy(g.path("spec").path("selector")).isEmpty()) {
                errors.add(Render.id(g) + ": selector matches no gateway pods");
            }
        });
        r.all("networking.istio.io", "DestinationRule").forEach(d -> {
            Optional<JsonNode> svc = service(r, d.path("spec").path("host").asText());
            for (JsonNode subset : d.path("spec").path("subsets")) {
                boolean any = svc.isPresent() && r.workloadsSelectedBy(svc.get().path("spec").path("selector")).stream()
                        .anyMatch(w -> Render.matches(subset.path("labels"), Render.podLabels(w)));
                if (!any) {
                    errors.add(Render.id(d) + ": subset " + subset.path("name").asText() + " " + subset.path("labels") + " matches no pods of its host");
                }
            }
        });
        r.all("policy.linkerd.io", "Server").filter(r::inForce).forEach(s -> {
            List<? extends JsonNode> pods = r.workloadsSelectedBy(s.path("spec").path("podSelector").path("matchLabels"));
            if (pods.isEmpty()) {
                errors.add(Render.id(s) + ": podSelector matches no pods");
            }
            for (JsonNode w : pods) {
                if (!Render.declaresPort(w, s.path("spec").path("port"))) {
                    errors.add(Render.id(s) + ": port " + s.path("spec").path("port") + " is not a container port of " + Render.id(w));
                }
            }
        });
        return errors;
    }

    // ---------------------------------------------------------------- routes

    public static List<String> routesResolve(Render r) {
        List<String> errors = new ArrayList<>();
        r.all("networking.istio.io", "Gateway").forEach(g -> {
            for (JsonNode server : g.path("spec").path("servers")) {
                int port = server.path("port").path("number").asInt();
                boolean exposed = r.all("", "Service").anyMatch(s -> servicePortExists(s, port)
                        && !r.workloadsSelectedBy(s.path("spec").path("selector")).isEmpty()
                        && r.workloadsSelectedBy(s.path("spec").path("selector")).stream()
                                .allMatch(w -> Render.matches(g.path("spec").path("selector"), Render.podLabels(w))));
                if (!exposed) {
                    errors.add(Render.id(g) + ": no Service of the gateway pods exposes port " + port);
                }
            }
        });
        r.all("networking.istio.io", "VirtualService").forEach(vs -> {
            for (JsonNode gw : vs.path("spec").path("gateways")) {
                if (!gw.asText().equals("mesh") && r.find("networking.istio.io", "Gateway", gw.asText()).isEmpty()) {
                    errors.add(Render.id(vs) + ": gateway " + gw.asText() + " does not exist");
                }
            }
            for (JsonNode host : vs.path("spec").path("hosts")) {
                if (!host.asText().equals("*") && service(r, host.asText()).isEmpty()) {
                    errors.add(Render.id(vs) + ": host " + host.asText() + " is not a Service");
                }
            }
            for (JsonNode http : vs.path("spec").path("http")) {
                for (JsonNode route : http.path("route")) {
                    JsonNode dest = route.path("destination");
                    String host = dest.path("host").asText();
                    String where = Render.id(vs) + " route " + http.path("name").asText("?") + ": ";
                    Optional<JsonNode> svc = service(r, host);
                    if (svc.isEmpty()) {
                        errors.add(where + "destination host " + host + " is not a Service");
                        continue;
                    }
                    if (dest.has("port") && !servicePortExists(svc.get(), dest.path("port").path("number").asInt())) {
                        errors.add(where + "port " + dest.path("port").path("number").asInt() + " is not a port of Service " + host);
                    }
                    if (!dest.has("port") && svc.get().path("spec").path("ports").size() > 1) {
                        errors.add(where + "Service " + host + " has several ports: name one");
                    }
                    if (dest.has("subset")) {
                        String subset = dest.path("subset").asText();
                        boolean defined = r.all("networking.istio.io", "DestinationRule")
                                .filter(d -> service(r, d.path("spec").path("host").asText()).map(Render::name).equals(Optional.of(Render.name(svc.get()))))
                                .anyMatch(d -> {
                                    for (JsonNode s : d.path("spec").path("subsets")) {
                                        if (subset.equals(s.path("name").asText())) {
                                            return true;
                                        }
                                    }
                                    return false;
                                });
                        if (!defined) {
                            errors.add(where + "subset " + subset + " of " + host + " is not defined by a DestinationRule");
                        }
                    }
                }
            }
        });
        r.objects().stream().filter(o -> "HTTPRoute".equals(o.path("kind").asText())).forEach(route -> {
            for (JsonNode parent : route.path("spec").path("parentRefs")) {
                String kind = parent.path("kind").asText();
                String name = parent.path("name").asText();
                if (kind.equals("Server")) {
                    if (r.find("policy.linkerd.io", "Server", name).isEmpty()) {
                        errors.add(Render.id(route) + ": parent Server " + name + " does not exist");
                    }
                } else if (kind.equals("Service")) {
                    Optional<JsonNode> svc = r.find("", "Service", name).map(s -> s);
                    if (svc.isEmpty()) {
                        errors.add(Render.id(route) + ": parent Service " + name + " does not exist");
                    } else if (parent.has("port") && !servicePortExists(svc.get(), parent.path("port").asInt())) {
                        errors.add(Render.id(route) + ": parent Service " + name + " has no port " + parent.path("port").asInt());
                    }
                } else if (kind.equals("Gateway") && Ambient.GATEWAY_API.equals(parent.path("group").asText(Ambient.GATEWAY_API))) {
                    // A Gateway API gateway (istio-ambient's entry): it exists, and the listener the route names is one of it.
                    Optional<ObjectNode> gw = r.find(Ambient.GATEWAY_API, "Gateway", name);
                    String section = parent.path("sectionName").asText("");
                    if (gw.isEmpty()) {
                        errors.add(Render.id(route) + ": parent Gateway " + name + " does not exist");
                    } else if (!section.isEmpty() && java.util.stream.StreamSupport.stream(gw.get().path("spec").path("listeners").spliterator(), false)
                            .noneMatch(l -> section.equals(l.path("name").asText()))) {
                        errors.add(Render.id(route) + ": parent Gateway " + name + " has no listener " + section);
                    }
                } else if (kind.equals("EgressNetwork")) {
                    // Linkerd egress (components/linkerd-egress): the route allows traffic leaving the cluster.
                    if (r.find("policy.linkerd.io", "EgressNetwork", name).isEmpty()) {
                        errors.add(Render.id(route) + ": parent EgressNetwork " + name + " does not exist");
                    }
                } else {
                    errors.add(Render.id(route) + ": parent kind " + kind + " is not checked by the validator");
                }
            }
            for (JsonNode rule : route.path("spec").path("rules")) {
                for (JsonNode b : rule.path("backendRefs")) {
                    Optional<JsonNode> svc = r.find("", "Service", b.path("name").asText()).map(s -> s);
                    if (svc.isEmpty()) {
                        errors.add(Render.id(route) + ": backend Service " + b.path("name").asText() + " does not exist");
                    } else if (!servicePortExists(svc.get(), b.path("port").asInt())) {
                        errors.add(Render.id(route) + ": backend Service " + b.path("name").asText() + " has no port " + b.path("port").asInt());
                    }
                }
            }
        });
        r.all("policy.linkerd.io", "AuthorizationPolicy").forEach(p -> {
            JsonNode target = p.path("spec").path("targetRef");
            String kind = target.path("kind").asText();
            boolean exists = switch (kind) {
                case "Server" -> r.find("policy.linkerd.io", "Server", target.path("name").asText()).isPresent();
                case "HTTPRoute" -> r.objects().stream().anyMatch(o -> "HTTPRoute".equals(o.path("kind").asText())
                        && target.path("group").asText().equals(Render.group(o)) && target.path("name").asText().equals(Render.name(o)));
                case "Namespace" -> r.find("", "Namespace", target.path("name").asText()).isPresent();
                default -> false;
            };
            if (!exists) {
                errors.add(Render.id(p) + ": target " + kind + " " + target.path("name").asText() + " does not exist");
            }
            for (JsonNode ref : p.path("spec").path("requiredAuthenticationRefs")) {
                if (r.find("policy.linkerd.io", ref.path("kind").asText(), ref.path("name").asText()).isEmpty()
                        && !"ServiceAccount".equals(ref.path("kind").asText())) {
                    errors.add(Render.id(p) + ": authentication " + ref.path("kind").asText() + " " + ref.path("name").asText() + " does not exist");
                }
            }
        });
        return errors;
    }

    // ---------------------------------------------------------------- service accounts

    public static List<String> serviceAccountsExist(Render r) {
        List<String> errors = new ArrayList<>();
        Set<String> accounts = new TreeSet<>();
        r.all("", "ServiceAccount").forEach(sa -> accounts.add(Render.name(sa)));
        accounts.add("default"); // every namespace has one
        accounts.addAll(Ambient.gatewayServiceAccounts(r)); // istiod creates them with the Gateways' Deployments
        r.workloads().forEach(w -> {
            if (!accounts.contains(Render.serviceAccount(w))) {
                errors.add(Render.id(w) + ": ServiceAccount " + Render.serviceAccount(w) + " does not exist");
            }
        });
        String istioPrefix = "cluster.local/ns/" + Render.NAMESPACE + "/sa/";
        r.all("security.istio.io", "AuthorizationPolicy").filter(r::inForce).forEach(p -> p.path("spec").path("rules").forEach(rule -> rule.path("from")
                .forEach(f -> f.path("source").path("principals").forEach(pr -> {
                    String principal = pr.asText();
                    if (!principal.startsWith(istioPrefix) || !accounts.contains(principal.substring(istioPrefix.length()))) {
                        errors.add(Render.id(p) + ": principal " + principal + " is not a ServiceAccount of namespace " + Render.NAMESPACE);
                    }
                }))));
        String linkerdSuffix = "." + Render.NAMESPACE + ".serviceaccount.identity.linkerd.cluster.local";
        r.all("policy.linkerd.io", "MeshTLSAuthentication").filter(r::inForce).forEach(m -> {
            m.path("spec").path("identityRefs").forEach(ref -> {
                if ("ServiceAccount".equals(ref.path("kind").asText()) && !accounts.contains(ref.path("name").asText())) {
                    errors.add(Render.id(m) + ": ServiceAccount " + ref.path("name").asText() + " does not exist");
                }
            });
            m.path("spec").path("identities").forEach(id -> {
                String s = id.asText();
                if (!s.endsWith(linkerdSuffix) || !accounts.contains(s.substring(0, s.length() - linkerdSuffix.length()))) {
                    errors.add(Render.id(m) + ": identity " + s + " is not a ServiceAccount of namespace " + Render.NAMESPACE);
                }
            });
        });
        r.all("rbac.authorization.k8s.io", "RoleBinding").forEach(b -> b.path("subjects").forEach(s -> {
            if ("ServiceAccount".equals(s.path("kind").asText()) && !accounts.contains(s.path("name").asText())) {
                errors.add(Render.id(b) + ": ServiceAccount " + s.path("name").asText() + " does not exist");
            }
        }));
        return errors;
    }

    // ---------------------------------------------------------------- authorization graph

    /**
     * Under a mesh, every caller identity is allowed exactly the calls of the call graph (the entry: the public
     * routes): each needed call is allowed, and every other probe request (other methods, other paths, /admin,
     * /whoami, the other callers) is refused. Under Linkerd, clients without identity (kubelet, Prometheus)
     * may reach the probe and metrics paths and nothing else. Only the five services' databases reach PostgreSQL.
     */
    public static List<String> authorizationGraph(Render r) {
        List<String> errors = new ArrayList<>();
        Authz authz = Authz.forMesh(r);
        if (authz == null) {
            return errors;
        }
        List<Contract.Call> allowed = Contract.allowedCalls();
        Set<String> callers = new LinkedHashSet<>(Contract.SERVICES);
        callers.add(Contract.entry());
        r.all("", "ServiceAccount").forEach(sa -> callers.add(Render.name(sa)));
        List<String> problems = new ArrayList<>();
        for (String callee : Contract.SERVICES) {
            // Every pod of the service, whatever its app label (the fault backend is app: product-service-fault).
            List<JsonNode> pods = r.workloads().filter(w -> serviceOf(w).equals(Optional.of(callee))).map(w -> (JsonNode) w).toList();
            if (pods.isEmpty()) {
                errors.add("no workload for " + callee);
                continue;
            }
            Set<String> paths = new TreeSet<>(List.of("/admin/faults", "/whoami", "/q/openapi", "/"));
            allowed.stream().filter(c -> c.to().equals(callee)).forEach(c -> {
                paths.add(c.sample());
                paths.add(c.sample() + "/1");
            });
            for (JsonNode pod : pods) {
                int port = Render.containerPort(pod, com.fasterxml.jackson.databind.node.TextNode.valueOf("http"));
                var target = new Authz.ObjectNodeWorkload(pod, "http", port);
                for (String caller : callers) {
                    for (String path : paths) {
                        for (String method : METHODS) {
                            boolean expected = allowed.stream().anyMatch(c -> c.from().equals(caller) && c.to().equals(callee) && c.matches(method, path));
                            boolean actual = authz.allows(target, new Authz.Request(caller, method, path), problems);
                            if (expected != actual) {
                                errors.add(r.mesh() + ": " + caller + " -> " + Render.name(pod) + " " + method + " " + path
                                        + (actual ? " is allowed but not in the call graph" : " is refused but the call graph needs it"));
                            }
                        }
                    }
                    for (String op : Contract.operationPaths()) {
                        // Operations paths are the business of the kubelet and Prometheus, not of other services.
                        if (authz.allows(target, new Authz.Request(caller, "POST", op), problems)) {
                            errors.add(r.mesh() + ": " + caller + " -> " + Render.name(pod) + " POST " + op + " is allowed");
                        }
                    }
                }
                // Clients without a mesh identity: nothing but the operations paths (Linkerd; Istio rewrites probes).
                for (String path : paths) {
                    for (String method : METHODS) {
                        if (authz.allows(target, new Authz.Request(null, method, path), problems)) {
                            errors.add(r.mesh() + ": an unauthenticated client -> " + Render.name(pod) + " " + method + " " + path + " is allowed");
                        }
                    }
                }
                if (r.mesh().equals("linkerd")) {
                    for (String op : Contract.operationPaths()) {
                        if (!authz.allows(target, new Authz.Request(null, "GET", op), problems)) {
                            errors.add("linkerd: GET " + op + " on " + Render.name(pod) + " is refused to the kubelet/Prometheus");
                        }
                    }
                }
            }
        }
        r.find("apps", "StatefulSet", "postgres").ifPresent(pg -> {
            var target = new Authz.ObjectNodeWorkload(pg, "postgres", 5432);
            for (String caller : callers) {
                boolean actual = authz.allows(target, new Authz.Request(caller, null, null), problems);
                if (actual != Contract.SERVICES.contains(caller)) {
                    errors.add(r.mesh() + ": " + caller + " -> postgres is " + (actual ? "allowed" : "refused"));
                }
            }
            if (authz.allows(target, new Authz.Request(null, null, null), problems)) {
                errors.add(r.mesh() + ": an unauthenticated client -> postgres is allowed");
            }
        });
        if (r.mesh().startsWith("istio")) { // sidecars or ztunnel enforce the same PeerAuthentication
            boolean strict = r.all("security.istio.io", "PeerAuthentication")
                    .anyMatch(p -> !p.path("spec").has("selector") && "STRICT".equals(p.path("spec").path("mtls").path("mode").asText()));
            boolean weakened = r.all("security.istio.io", "PeerAuthentication")
                    .anyMatch(p -> p.path("spec").has("portLevelMtls") || !"STRICT".equals(p.path("spec").path("mtls").path("mode").asText("STRICT")));
            if (!strict || weakened) {
                errors.add("istio: mTLS is not STRICT for the whole namespace (one namespace-wide PeerAuthentication, mode STRICT, no exceptions)");
            }
        }
        if (r.mesh().equals("linkerd")) {
            String policy = r.find("", "Namespace", Render.NAMESPACE)
                    .map(n -> n.path("metadata").path("annotations").path("config.linkerd.io/default-inbound-policy").asText("")).orElse("");
            if (!Set.of("all-authenticated", "cluster-authenticated", "deny").contains(policy)) {
                errors.add("linkerd: the namespace's default inbound policy '" + policy + "' accepts unauthenticated traffic");
            }
        }
        new LinkedHashSet<>(problems).forEach(p -> errors.add(r.mesh() + ": " + p));
        return errors;
    }

    // ---------------------------------------------------------------- retries

    private static boolean idempotentOnly(JsonNode matches, String methodField) {
        if (matches.isMissingNode() || matches.isEmpty()) {
            return false;
        }
        for (JsonNode m : matches) {
            JsonNode method = m.path(methodField);
            String exact = method.isObject() ? method.path("exact").asText(null) : method.asText(null);
            if (exact == null || !Authz.IDEMPOTENT.contains(exact)) {
                return false;
            }
        }
        return true;
    }

    /** Retry conditions under which the request never reached the app: a failed connection, an HTTP/2 stream refused before processing. */
    static final Set<String> BEFORE_THE_APP = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(List.of("connect-failure", "refused-stream")));

    /**
     * Routes that can carry POST/PUT/DELETE/PATCH are retried only when the request never reached the app. Istio: an
     * explicit retry policy (the default, which since 1.24 retries no HTTP status, still retries gRPC unavailable and
     * cancelled and can be widened by meshConfig.defaultHttpRetryPolicy) that is either off or limited to connect-failure and
     * refused-stream; Linkerd: no retry annotations (it retries only what a route's annotations ask for).
     */
    public static List<String> nonIdempotentRetriedOnlyBeforeTheApp(Render r) {
        List<String> errors = new ArrayList<>();
        r.all("networking.istio.io", "VirtualService").forEach(vs -> {
            for (JsonNode http : vs.path("spec").path("http")) {
                if (idempotentOnly(http.path("match"), "method")) {
                    continue;
                }
                String where = Render.id(vs) + " route " + http.path("name").asText("?") + ": matches non-idempotent methods, so it ";
                JsonNode retries = http.path("retries");
                if (retries.isMissingNode()) {
                    errors.add(where + "needs an explicit retry policy (Istio's default retries gRPC unavailable and cancelled, answers the app"
                            + " gives after acting, and meshConfig.defaultHttpRetryPolicy can widen it mesh-wide)");
                    continue;
                }
                if (retries.path("attempts").asInt(0) <= 0) {
                    continue;
                }
                String retryOn = retries.path("retryOn").asText("");
                Set<String> unsafe = new TreeSet<>();
                for (String condition : retryOn.split(",")) {
                    if (!BEFORE_THE_APP.contains(condition.trim())) {
                        unsafe.add(condition.trim());
                    }
                }
                if (retryOn.isBlank() || !unsafe.isEmpty()) {
                    errors.add(where + "may retry only " + BEFORE_THE_APP + ", not " + (retryOn.isBlank() ? "Istio's default conditions (gRPC unavailable and cancelled included)" : unsafe));
                }
            }
        });
        r.objects().stream().filter(o -> "HTTPRoute".equals(o.path("kind").asText())).forEach(route -> {
            boolean retries = hasRetryAnnotation(route);
            if (!retries) {
                return;
            }
            for (JsonNode rule : route.path("spec").path("rules")) {
                if (!idempotentOnly(rule.path("matches"), "method")) {
                    errors.add(Render.id(route) + ": carries retry annotations but a rule matches non-idempotent methods");
                }
            }
        });
        r.all("", "Service").filter(MeshRules::hasRetryAnnotation).forEach(s ->
                errors.add(Render.id(s) + ": retry annotations on a Service apply to every method"));
        return errors;
    }

    /**
     * The mesh-wide default retry policy (IstioOperator spec.meshConfig.defaultHttpRetryPolicy), which every route
     * without `retries` gets: left unset (Istio 1.30's default retries no HTTP status) or limited to
     * {@link #BEFORE_THE_APP}, so that widening it cannot make a route retry what reached the app. The other
     * routes write their policy down as well ({@link #nonIdempotentRetriedOnlyBeforeTheApp}).
     */
    public static List<String> meshWideRetryPolicySafe(JsonNode istioOperator) {
        List<String> errors = new ArrayList<>();
        JsonNode policy = istioOperator.path("spec").path("meshConfig").path("defaultHttpRetryPolicy");
        if (policy.isMissingNode() || policy.path("attempts").asInt(1) <= 0) {
            return errors;
        }
        Set<String> unsafe = new TreeSet<>();
        for (String condition : policy.path("retryOn").asText("").split(",")) {
            if (!condition.isBlank() && !BEFORE_THE_APP.contains(condition.trim())) {
                unsafe.add(condition.trim());
            }
        }
        if (!unsafe.isEmpty()) {
            errors.add("meshConfig.defaultHttpRetryPolicy retries " + unsafe + " on every route without its own policy: requests"
                    + " the app may have acted on; retry only " + BEFORE_THE_APP + " mesh-wide");
        }
        return errors;
    }

    private static boolean hasRetryAnnotation(JsonNode o) {
        var names = o.path("metadata").path("annotations").fieldNames();
        while (names.hasNext()) {
            if (names.next().startsWith("retry.linkerd.io/")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- probes

    public static List<String> probesServed(Render r, Map<String, Integer> ports) {
        List<String> errors = new ArrayList<>();
        r.workloads().forEach(w -> serviceOf(w).ifPresent(service -> {
            for (JsonNode c : Render.podSpec(w).path("containers")) {
                PROBES.forEach((probe, path) -> {
                    JsonNode get = c.path(probe).path("httpGet");
                    if (get.isMissingNode()) {
                        errors.add(Render.id(w) + ": container " + c.path("name").asText() + " has no " + probe + " (httpGet " + path + ")");
                        return;
                    }
                    if (!path.equals(get.path("path").asText())) {
                        errors.add(Render.id(w) + ": " + probe + " path " + get.path("path").asText() + " is not " + path + ", the path the services serve for it");
                    }
                    if (Render.containerPort(w, get.path("port")) != ports.get(service)) {
                        errors.add(Render.id(w) + ": " + probe + " port " + get.path("port") + " is not the HTTP port " + ports.get(service));
                    }
                });
            }
        }));
        return errors;
    }

    // ---------------------------------------------------------------- ports

    public static List<String> portsAgree(Render r, Map<String, Integer> ports) {
        List<String> errors = new ArrayList<>();
        r.workloads().forEach(w -> serviceOf(w).ifPresent(service -> {
            int expected = ports.get(service);
            if (Render.containerPort(w, com.fasterxml.jackson.databind.node.TextNode.valueOf("http")) != expected) {
                errors.add(Render.id(w) + ": container port http is not " + expected);
            }
            JsonNode annotations = w.path("spec").path("template").path("metadata").path("annotations");
            if (annotations.has("prometheus.io/port") && annotations.path("prometheus.io/port").asInt() != expected) {
                errors.add(Render.id(w) + ": prometheus.io/port is not " + expected);
            }
            for (JsonNode c : Render.podSpec(w).path("containers")) {
                for (JsonNode env : c.path("env")) {
                    String name = env.path("name").asText();
                    String value = env.path("value").asText();
                    if (name.equals("QUARKUS_HTTP_PORT") && !value.equals(Integer.toString(expected))) {
                        errors.add(Render.id(w) + ": QUARKUS_HTTP_PORT " + value + " is not " + expected);
                    }
                    if (name.endsWith("_SERVICE_URL")) {
                        String peer = name.substring(0, name.length() - "_URL".length()).toLowerCase().replace('_', '-');
                        String url = "http://" + peer + ":" + ports.get(peer);
                        if (!ports.containsKey(peer) || !value.equals(url)) {
                            errors.add(Render.id(w) + ": " + name + "=" + value + " is not " + url);
                        }
                    }
                }
            }
        }));
        r.all("", "Service").forEach(s -> {
            List<? extends JsonNode> pods = r.workloadsSelectedBy(s.path("spec").path("selector"));
            pods.stream().map(MeshRules::serviceOf).flatMap(Optional::stream).distinct().forEach(service -> {
                for (JsonNode p : s.path("spec").path("ports")) {
                    if (p.path("port").asInt() != ports.get(service)) {
                        errors.add(Render.id(s) + ": port " + p.path("port").asInt() + " is not " + service + "'s port " + ports.get(service)
                                + " (container port = Service port)");
                    }
                }
            });
        });
        return errors;
    }
}
