package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meaning of the feature components (mesh/components: mirroring, rate limits, end-user JWT, egress,
 * connection pools, GAMMA routes, alerting rules): each method is one rule and returns its violations.
 * They hold for every render; on a render without the feature there is nothing to check.
 */
public final class FeatureRules {
    static final String GATEWAY_API = "gateway.networking.k8s.io";
    static final String LOCAL_RATE_LIMIT = "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";
    static final String TYPED_STRUCT = "type.googleapis.com/udpa.type.v1.TypedStruct";
    /** Protobuf JSON durations, as Envoy reads them in an EnvoyFilter ("1s", "0.5s"; never "500ms"). */
    private static final Pattern PROTO_DURATION = Pattern.compile("^(\\d+)(\\.\\d{1,9})?s$");
    private static final Pattern PROM_DURATION = Pattern.compile("^(\\d+(ms|s|m|h|d|w|y))+$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Metrics the alerting rules may read, with the labels each carries, per mesh. Istio: the standard
     * metrics of the Envoy sidecars (istio.io/latest/docs/reference/config/metrics) and the agent's
     * certificate gauge; Linkerd: linkerd2-proxy's inbound/outbound metrics (linkerd.io/2/reference/proxy-metrics)
     * and its identity gauge. app/version/pod are added by the observability component's scrape config.
     */
    static final Map<String, Set<String>> MESH_METRICS = Map.of(
            "istio_requests_total", Set.of("reporter", "destination_workload", "destination_workload_namespace", "destination_service_name",
                    "destination_service_namespace",
                    "destination_version", "source_workload", "response_code", "response_flags", "app", "version", "pod"),
            "istio_request_duration_milliseconds_bucket", Set.of("reporter", "destination_workload", "destination_workload_namespace",
                    "destination_service_name", "destination_service_namespace", "destination_version", "source_workload", "response_code", "le", "app", "version", "pod"),
            "istio_agent_cert_expiry_seconds", Set.of("resource_name", "app", "version", "pod"),
            "response_total", Set.of("direction", "classification", "status_code", "authority", "target_addr", "tls", "app", "version", "pod"),
            "response_latency_ms_bucket", Set.of("direction", "status_code", "authority", "target_addr", "tls", "le", "app", "version", "pod"),
            "identity_cert_expiration_timestamp_seconds", Set.of("app", "version", "pod"),
            "control_identity_cert_expiration_timestamp_seconds", Set.of("app", "version", "pod"));
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "by", "without", "rate", "irate",
            "increase", "histogram_quantile", "time", "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool",
            "offset", "abs", "clamp_min", "clamp_max", "vector", "scalar", "topk", "bottomk", "le");

    private FeatureRules() {
    }

    /** Every rule of this class by name, for the tests and for callers that want them all. */
    public static Map<String, Function<Render, List<String>>> all() {
        Map<String, Function<Render, List<String>>> rules = new LinkedHashMap<>();
        rules.put("one route set per Service (GAMMA or native)", FeatureRules::oneRouteSetPerService);
        rules.put("mirrors copy idempotent requests to another subset", FeatureRules::mirrors);
        rules.put("rate limits are enforced where they point", FeatureRules::rateLimits);
        rules.put("JWT rules and request principals agree", FeatureRules::endUserAuth);
        rules.put("egress is closed except for the registered hosts", FeatureRules::egress);
        rules.put("Prometheus reaches every scrape target", FeatureRules::scrapesReachTheirTargets);
        rules.put("Envoy tracing leaves the telemetry's own traffic untraced", FeatureRules::tracingSkipsTheExports);
        rules.put("connection pools cover every route to their host", FeatureRules::connectionPools);
        rules.put("alerting rules are loaded and read real metrics", FeatureRules::alerting);
        return rules;
    }

    // ---------------------------------------------------------------- GAMMA vs native routes

    /**
     * A Service is routed either by Gateway API HTTPRoutes (GAMMA) or by the mesh's native routes (Istio
     * VirtualService bound to the mesh; Linkerd policy.linkerd.io HTTPRoute), never both: the two sets
     * would fight over the same traffic, and which one wins depends on the mesh and on creation order.
     */
    public static List<String> oneRouteSetPerService(Render r) {
        List<String> errors = new ArrayList<>();
        Map<String, Set<String>> gamma = new TreeMap<>();
        Map<String, Set<String>> nativeRoutes = new TreeMap<>();
        r.all(GATEWAY_API, "HTTPRoute").forEach(route -> {
            for (JsonNode parent : route.path("spec").path("parentRefs")) {
                if (!"Service".equals(parent.path("kind").asText())) {
                    continue;
                }
                if (!parent.path("group").asText("").isEmpty()) {
                    errors.add(Render.id(route) + ": parent Service must have group \"\" in the Gateway API (\"" + parent.path("group").asText()
                            + "\" is Linkerd's spelling in policy.linkerd.io; Istio would not attach the route)");
                }
                gamma.computeIfAbsent(parent.path("name").asText(), k -> new TreeSet<>()).add(Render.id(route) + " (" + GATEWAY_API + ")");
            }
        });
        r.all("policy.linkerd.io", "HTTPRoute").forEach(route -> {
            for (JsonNode parent : route.path("spec").path("parentRefs")) {
                if ("Service".equals(parent.path("kind").asText())) {
                    nativeRoutes.computeIfAbsent(parent.path("name").asText(), k -> new TreeSet<>()).add(Render.id(route) + " (policy.linkerd.io)");
                }
            }
        });
        r.all("networking.istio.io", "VirtualService").forEach(vs -> {
            JsonNode gateways = vs.path("spec").path("gateways");
            boolean mesh = gateways.isMissingNode() || gateways.isEmpty();
            for (JsonNode g : gateways) {
                mesh |= "mesh".equals(g.asText());
            }
            if (!mesh) {
                return;
            }
            for (JsonNode host : vs.path("spec").path("hosts")) {
                MeshRules.service(r, host.asText()).ifPresent(svc ->
                        nativeRoutes.computeIfAbsent(Render.name(svc), k -> new TreeSet<>()).add(Render.id(vs) + " (networking.istio.io)"));
            }
        });
        gamma.forEach((service, routes) -> {
            if (nativeRoutes.containsKey(service)) {
                errors.add("Service " + service + " is routed by GAMMA " + routes + " and by native " + nativeRoutes.get(service)
                        + ": switch one set off (the gamma component removes the native product routes)");
            }
        });
        return errors;
    }

    // ---------------------------------------------------------------- mirroring

    public static List<String> mirrors(Render r) {
        List<String> errors = new ArrayList<>();
        r.all("networking.istio.io", "VirtualService").forEach(vs -> {
            for (JsonNode http : vs.path("spec").path("http")) {
                List<JsonNode> mirrors = new ArrayList<>();
                if (http.has("mirror")) {
                    mirrors.add(http.path("mirror"));
                }
                http.path("mirrors").forEach(m -> mirrors.add(m.path("destination")));
                if (mirrors.isEmpty()) {
                    continue;
                }
                String where = Render.id(vs) + " route " + http.path("name").asText("?") + ": ";
                if (!idempotentOnly(http.path("match"))) {
                    errors.add(where + "mirrors requests that are not GET/HEAD/OPTIONS: the copy would repeat the write on the mirror");
                }
                if (http.has("mirror_percent") || http.has("mirrorPercent")) {
                    errors.add(where + "mirror_percent/mirrorPercent are deprecated: use mirrorPercentage");
                }
                JsonNode percentage = http.has("mirror") ? http.path("mirrorPercentage").path("value") : null;
                if (percentage != null && !percentage.isMissingNode()
                        && (percentage.decimalValue().signum() <= 0 || percentage.decimalValue().compareTo(BigDecimal.valueOf(100)) > 0)) {
                    errors.add(where + "mirrorPercentage " + percentage + " is not in (0, 100]");
                }
                for (JsonNode mirror : mirrors) {
                    String host = mirror.path("host").asText();
                    Optional<JsonNode> svc = MeshRules.service(r, host);
                    if (svc.isEmpty()) {
                        errors.add(where + "mirror host " + host + " is not a Service");
                        continue;
                    }
                    for (JsonNode route : http.path("route")) {
                        JsonNode dest = route.path("destination");
                        if (MeshRules.service(r, dest.path("host").asText()).map(Render::name).equals(Optional.of(Render.name(svc.get())))
                                && dest.path("subset").asText("").equals(mirror.path("subset").asText(""))) {
                            errors.add(where + "mirrors to " + host + " subset " + mirror.path("subset").asText("(none)")
                                    + ", which the route already serves: the copies would land on the same pods as the originals");
                        }
                    }
                }
            }
        });
        return errors;
    }

    // ---------------------------------------------------------------- rate limits

    public static List<String> rateLimits(Render r) {
        List<String> errors = new ArrayList<>();
        Map<String, List<String>> perServer = new HashMap<>();
        r.all("policy.linkerd.io", "HTTPLocalRateLimitPolicy").forEach(p -> {
            JsonNode spec = p.path("spec");
            JsonNode target = spec.path("targetRef");
            if (!"Server".equals(target.path("kind").asText()) || !"policy.linkerd.io".equals(target.path("group").asText())) {
                errors.add(Render.id(p) + ": targetRef must be a policy.linkerd.io Server (the only target Linkerd accepts)");
            } else if (r.find("policy.linkerd.io", "Server", target.path("name").asText()).isEmpty()) {
                errors.add(Render.id(p) + ": target Server " + target.path("name").asText() + " does not exist");
            }
            perServer.computeIfAbsent(target.path("name").asText(), k -> new ArrayList<>()).add(Render.id(p));
            if (spec.has("total")) {
                r.find("policy.linkerd.io", "Server", target.path("name").asText()).ifPresent(server -> {
                    List<String> probed = probedThrough(r, server);
                    if (!probed.isEmpty()) {
                        errors.add(Render.id(p) + ": a total limit on Server " + Render.name(server) + ", through which the kubelet probes " + probed
                                + ": probes carry no mesh identity and would be refused 429 once callers use up the budget (three refused"
                                + " liveness probes restart the container); limit per identity instead");
                    }
                });
            }
            long total = spec.path("total").path("requestsPerSecond").asLong(Long.MAX_VALUE);
            if (!spec.has("total") && !spec.has("identity") && !spec.has("overrides")) {
                errors.add(Render.id(p) + ": sets no limit (total, identity or overrides)");
            }
            if (total < 1) {
                errors.add(Render.id(p) + ": total.requestsPerSecond " + total + " must be at least 1");
            }
            long identity = spec.path("identity").path("requestsPerSecond").asLong(0);
            if (identity > total) {
                errors.add(Render.id(p) + ": identity.requestsPerSecond " + identity + " exceeds total " + total);
            }
            for (JsonNode o : spec.path("overrides")) {
                if (o.path("requestsPerSecond").asLong() > total) {
                    errors.add(Render.id(p) + ": an override's requestsPerSecond " + o.path("requestsPerSecond").asLong() + " exceeds total " + total);
                }
                for (JsonNode ref : o.path("clientRefs")) {
                    if (!"ServiceAccount".equals(ref.path("kind").asText()) || r.find("", "ServiceAccount", ref.path("name").asText()).isEmpty()) {
                        errors.add(Render.id(p) + ": override client " + ref.path("kind").asText() + " " + ref.path("name").asText()
                                + " is not a ServiceAccount of the render");
                    }
                }
            }
        });
        perServer.forEach((server, policies) -> {
            if (policies.size() > 1) {
                errors.add("Server " + server + " is the target of " + policies + ": Linkerd takes one HTTPLocalRateLimitPolicy per Server");
            }
        });
        r.all("networking.istio.io", "EnvoyFilter").forEach(f -> {
            for (JsonNode patch : f.path("spec").path("configPatches")) {
                JsonNode value = patch.path("patch").path("value");
                if (!"envoy.filters.http.local_ratelimit".equals(value.path("name").asText())) {
                    continue;
                }
                errors.addAll(localRateLimit(r, f, patch, value));
            }
        });
        return errors;
    }

    /** The probes (workload/container/kind) of the pods a Linkerd Server selects that target the Server's port. */
    static List<String> probedThrough(Render r, JsonNode server) {
        List<String> probed = new ArrayList<>();
        JsonNode port = server.path("spec").path("port");
        for (ObjectNode w : r.workloadsSelectedBy(server.path("spec").path("podSelector").path("matchLabels"))) {
            int serverPort = Render.containerPort(w, port);
            for (JsonNode c : Render.podSpec(w).path("containers")) {
                for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode probePort = c.path(kind).path("httpGet").path("port");
                    if (!probePort.isMissingNode() && serverPort > 0 && Render.containerPort(w, probePort) == serverPort) {
                        probed.add(Render.id(w) + "/" + c.path("name").asText() + " " + kind);
                    }
                }
            }
        }
        return probed;
    }

    private static List<String> localRateLimit(Render r, JsonNode filter, JsonNode patch, JsonNode value) {
        List<String> errors = new ArrayList<>();
        String where = Render.id(filter) + ": ";
        // Ambient: the filter runs on the waypoint it targets (AmbientRules checks the target), not on pods.
        boolean onWaypoint = Ambient.hasTargetRefs(filter);
        List<ObjectNode> pods = onWaypoint ? List.of() : r.workloadsSelectedBy(filter.path("spec").path("workloadSelector").path("labels"));
        if (pods.isEmpty() && !onWaypoint) {
            errors.add(where + "workloadSelector matches no pods (an EnvoyFilter without one would patch every proxy of the namespace)");
        }
        if (onWaypoint && !patch.path("match").path("listener").path("filterChain").path("name").asText("").startsWith("inbound-vip|")) {
            errors.add(where + "on a waypoint, match the filter chain of one service port (inbound-vip|<port>|http|<host>), or every service behind it is limited");
        }
        if (!"HTTP_FILTER".equals(patch.path("applyTo").asText()) || !"INSERT_BEFORE".equals(patch.path("patch").path("operation").asText())
                || !"envoy.filters.http.router".equals(patch.path("match").path("listener").path("filterChain").path("filter")
                        .path("subFilter").path("name").asText())) {
            errors.add(where + "the local rate limit must be an HTTP_FILTER inserted before envoy.filters.http.router (filters after the router never run)");
        }
        if (!"SIDECAR_INBOUND".equals(patch.path("match").path("context").asText())) {
            errors.add(where + "context " + patch.path("match").path("context").asText("(any)") + ": the limit belongs on the inbound side (SIDECAR_INBOUND), where one pod's budget is counted");
        }
        JsonNode port = patch.path("match").path("listener").path("portNumber");
        if (!port.isMissingNode()) {
            for (JsonNode w : pods) {
                if (!Render.declaresPort(w, port)) {
                    errors.add(where + "listener port " + port + " is not a container port of " + Render.id(w));
                }
            }
        }
        JsonNode typed = value.path("typed_config");
        JsonNode config;
        if (LOCAL_RATE_LIMIT.equals(typed.path("@type").asText())) {
            config = typed;
        } else if (TYPED_STRUCT.equals(typed.path("@type").asText()) && LOCAL_RATE_LIMIT.equals(typed.path("type_url").asText())) {
            config = typed.path("value");
        } else {
            errors.add(where + "typed_config @type " + typed.path("@type").asText() + " is not " + LOCAL_RATE_LIMIT);
            return errors;
        }
        if (config.path("stat_prefix").asText("").isEmpty()) {
            errors.add(where + "stat_prefix is required by Envoy");
        }
        JsonNode bucket = config.path("token_bucket");
        if (bucket.path("max_tokens").asLong(0) < 1) {
            errors.add(where + "token_bucket.max_tokens must be at least 1");
        }
        if (bucket.has("tokens_per_fill") && bucket.path("tokens_per_fill").asLong(0) < 1) {
            errors.add(where + "token_bucket.tokens_per_fill must be at least 1");
        }
        String interval = bucket.path("fill_interval").asText("");
        Matcher m = PROTO_DURATION.matcher(interval);
        if (!m.matches()) {
            errors.add(where + "token_bucket.fill_interval '" + interval + "' is not a protobuf duration such as 1s or 0.5s");
        } else if (new BigDecimal(m.group(1) + (m.group(2) == null ? "" : m.group(2))).compareTo(new BigDecimal("0.05")) < 0) {
            errors.add(where + "token_bucket.fill_interval " + interval + " is below Envoy's minimum of 50 ms");
        }
        for (String fraction : List.of("filter_enabled", "filter_enforced")) {
            JsonNode v = config.path(fraction).path("default_value");
            if (v.path("numerator").asInt(0) != 100 || !"HUNDRED".equals(v.path("denominator").asText())) {
                errors.add(where + fraction + " must be 100/HUNDRED (Envoy defaults it to 0 %, so the filter would count but never refuse)");
            }
        }
        for (JsonNode h : config.path("response_headers_to_add")) {
            if (h.has("append")) {
                errors.add(where + "response_headers_to_add: 'append' is deprecated in Envoy; use append_action");
            }
        }
        return errors;
    }

    // ---------------------------------------------------------------- end-user authentication

    /**
     * Every RequestAuthentication selects pods and carries a usable JWKS (inline, RSA keys with n and e,
     * or an in-cluster https/http URI); every AuthorizationPolicy naming request principals names an issuer
     * that a RequestAuthentication on the same pods accepts (else no request ever has that principal).
     */
    public static List<String> endUserAuth(Render r) {
        List<String> errors = new ArrayList<>();
        Map<String, List<String>> issuersByPolicy = new HashMap<>();
        r.all("security.istio.io", "RequestAuthentication").forEach(ra -> {
            JsonNode selector = ra.path("spec").path("selector").path("matchLabels");
            List<ObjectNode> pods = r.workloadsSelectedBy(selector);
            // Ambient: a policy with targetRefs is enforced by the Gateway or waypoint it names (AmbientRules checks it).
            List<String> enforcers = Ambient.hasTargetRefs(ra) ? targetIds(ra) : pods.stream().map(Render::id).toList();
            if (enforcers.isEmpty()) {
                errors.add(Render.id(ra) + ": selector matches no pods");
            }
            for (JsonNode rule : ra.path("spec").path("jwtRules")) {
                String issuer = rule.path("issuer").asText("");
                if (issuer.isEmpty()) {
                    errors.add(Render.id(ra) + ": a jwtRule without issuer");
                }
                if (rule.has("jwks")) {
                    errors.addAll(jwksProblems(Render.id(ra), rule.path("jwks").asText()));
                } else if (!rule.has("jwksUri")) {
                    errors.add(Render.id(ra) + ": issuer " + issuer + " has neither jwks nor jwksUri (istiod would fetch {issuer}/.well-known/openid-configuration from the internet)");
                }
                for (JsonNode h : rule.path("outputClaimToHeaders")) {
                    if (!h.path("header").asText().matches("^[-_A-Za-z0-9]+$")) {
                        errors.add(Render.id(ra) + ": outputClaimToHeaders header '" + h.path("header").asText() + "' is not a header name");
                    }
                }
                enforcers.forEach(w -> issuersByPolicy.computeIfAbsent(w, k -> new ArrayList<>()).add(issuer));
            }
        });
        r.all("security.istio.io", "AuthorizationPolicy").forEach(p -> {
            List<String> pods = Ambient.hasTargetRefs(p) ? targetIds(p) : (p.path("spec").has("selector")
                    ? r.workloadsSelectedBy(p.path("spec").path("selector").path("matchLabels"))
                    : r.workloads().toList()).stream().map(Render::id).toList();
            for (JsonNode rule : p.path("spec").path("rules")) {
                for (JsonNode from : rule.path("from")) {
                    for (String field : List.of("requestPrincipals", "notRequestPrincipals")) {
                        for (JsonNode principal : from.path("source").path(field)) {
                            String value = principal.asText();
                            if (value.equals("*")) {
                                continue;
                            }
                            int slash = value.lastIndexOf('/');
                            String issuer = slash < 0 ? value : value.substring(0, slash);
                            for (String w : pods) {
                                if (!issuersByPolicy.getOrDefault(w, List.of()).contains(issuer)) {
                                    errors.add(Render.id(p) + ": " + field + " " + value + " names issuer " + issuer
                                            + ", which no RequestAuthentication accepts on " + w);
                                }
                            }
                        }
                    }
                }
            }
        });
        return errors;
    }

    /** The targets of a targetRefs policy, as "Kind/name" (the proxies that enforce it under ambient). */
    static List<String> targetIds(JsonNode policy) {
        return Ambient.targetRefs(policy).stream().map(t -> t.path("kind").asText() + "/" + t.path("name").asText()).toList();
    }

    static List<String> jwksProblems(String where, String jwks) {
        List<String> errors = new ArrayList<>();
        JsonNode keys;
        try {
            keys = JSON.readTree(jwks).path("keys");
        } catch (IOException e) {
            errors.add(where + ": jwks is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return errors;
        }
        if (!keys.isArray() || keys.isEmpty()) {
            errors.add(where + ": jwks has no keys");
        }
        for (JsonNode k : keys) {
            if (!"RSA".equals(k.path("kty").asText()) && !"EC".equals(k.path("kty").asText())) {
                errors.add(where + ": jwks key kty " + k.path("kty").asText() + " is neither RSA nor EC");
            }
            if ("RSA".equals(k.path("kty").asText()) && (!k.path("n").asText("").matches("^[A-Za-z0-9_-]{200,}$") || !k.path("e").asText("").matches("^[A-Za-z0-9_-]+$"))) {
                errors.add(where + ": jwks RSA key " + k.path("kid").asText("?") + " lacks a base64url n (2048 bits or more) and e");
            }
        }
        return errors;
    }

    // ---------------------------------------------------------------- egress

    public static List<String> egress(Render r) {
        List<String> errors = new ArrayList<>();
        List<ObjectNode> namespaceWide = r.all("networking.istio.io", "Sidecar").filter(s -> !s.path("spec").has("workloadSelector")).toList();
        if (namespaceWide.size() > 1) {
            errors.add("several Sidecars without workloadSelector in " + Render.NAMESPACE + " " + namespaceWide.stream().map(Render::id).toList()
                    + ": Istio uses one of them, unpredictably");
        }
        boolean registryOnly = r.all("networking.istio.io", "Sidecar")
                .anyMatch(s -> "REGISTRY_ONLY".equals(s.path("spec").path("outboundTrafficPolicy").path("mode").asText()));
        r.all("networking.istio.io", "ServiceEntry").forEach(se -> {
            JsonNode spec = se.path("spec");
            if (!"MESH_EXTERNAL".equals(spec.path("location").asText())) {
                return;
            }
            if (!registryOnly) {
                errors.add(Render.id(se) + ": registers an external host while the outbound policy is ALLOW_ANY (it allows nothing more)");
            }
            for (JsonNode host : spec.path("hosts")) {
                if ("DNS".equals(spec.path("resolution").asText()) && host.asText().startsWith("*")) {
                    errors.add(Render.id(se) + ": wildcard host " + host.asText() + " cannot be resolved with resolution DNS");
                }
            }
            if (spec.path("ports").isEmpty()) {
                errors.add(Render.id(se) + ": no ports: nothing is allowed");
            }
            if (!spec.has("exportTo")) {
                errors.add(Render.id(se) + ": without exportTo: [\".\"] the host is opened to every namespace of the mesh");
            }
        });
        r.all("policy.linkerd.io", "EgressNetwork").forEach(en -> {
            boolean routed = r.objects().stream().filter(o -> o.path("kind").asText().endsWith("Route"))
                    .anyMatch(o -> parentsOf(o).anyMatch(p -> "EgressNetwork".equals(p.path("kind").asText()) && Render.name(en).equals(p.path("name").asText())));
            if ("Deny".equals(en.path("spec").path("trafficPolicy").asText()) && !routed) {
                errors.add(Render.id(en) + ": Deny with no route attached refuses all egress; say so or allow a host");
            }
        });
        r.objects().stream().filter(o -> o.path("kind").asText().endsWith("Route")).forEach(route -> parentsOf(route)
                .filter(p -> "EgressNetwork".equals(p.path("kind").asText())).forEach(p -> {
                    if (!"policy.linkerd.io".equals(p.path("group").asText())) {
                        errors.add(Render.id(route) + ": an EgressNetwork parent needs group policy.linkerd.io");
                    }
                    if (!p.has("port")) {
                        errors.add(Render.id(route) + ": an EgressNetwork parent without port matches every port of every external host");
                    }
                    if (route.path("spec").path("hostnames").isEmpty()) {
                        errors.add(Render.id(route) + ": no hostnames: the route allows every external host on its port");
                    }
                }));
        return errors;
    }

    /**
     * Whatever components are on, Prometheus still reaches what it scrapes. Istio: Prometheus scrapes pod IPs (the
     * injector points prometheus.io/port at the agent's merged endpoint 15020, unless the pod sets
     * prometheus.istio.io/merge-metrics: "false"); through Prometheus's own sidecar a pod IP matches no host of the
     * registry, so under a Sidecar with outboundTrafficPolicy REGISTRY_ONLY (a workloadSelector one for Prometheus,
     * else the namespace's) every scrape ends in the BlackHoleCluster, unless the port skips the sidecar
     * (traffic.sidecar.istio.io/excludeOutboundPorts, or includeOutboundIPRanges ""). Linkerd: its EgressNetworks
     * govern only destinations outside the cluster's networks, which pod IPs are not.
     */
    public static List<String> scrapesReachTheirTargets(Render r) {
        List<String> errors = new ArrayList<>();
        if (!r.mesh().equals("istio")) {
            return errors;
        }
        for (ObjectNode prometheus : r.workloads().filter(w -> "prometheus".equals(Render.podLabels(w).path("app").asText())).toList()) {
            JsonNode annotations = prometheus.path("spec").path("template").path("metadata").path("annotations");
            if ("false".equals(annotations.path("sidecar.istio.io/inject").asText())) {
                continue;
            }
            JsonNode labels = Render.podLabels(prometheus);
            Optional<ObjectNode> sidecar = r.all("networking.istio.io", "Sidecar")
                    .filter(sc -> Render.matches(sc.path("spec").path("workloadSelector").path("labels"), labels)).findFirst()
                    .or(() -> r.all("networking.istio.io", "Sidecar").filter(sc -> !sc.path("spec").has("workloadSelector")).findFirst());
            if (sidecar.isEmpty() || !"REGISTRY_ONLY".equals(sidecar.get().path("spec").path("outboundTrafficPolicy").path("mode").asText())) {
                continue;
            }
            boolean capturesNothing = annotations.has("traffic.sidecar.istio.io/includeOutboundIPRanges")
                    && annotations.path("traffic.sidecar.istio.io/includeOutboundIPRanges").asText().isBlank();
            Set<String> excluded = new TreeSet<>();
            for (String port : annotations.path("traffic.sidecar.istio.io/excludeOutboundPorts").asText("").split(",")) {
                excluded.add(port.trim());
            }
            r.workloads().forEach(target -> {
                JsonNode a = target.path("spec").path("template").path("metadata").path("annotations");
                if (!"true".equals(a.path("prometheus.io/scrape").asText())) {
                    return;
                }
                String port = "false".equals(a.path("prometheus.istio.io/merge-metrics").asText()) ? a.path("prometheus.io/port").asText() : "15020";
                if (!capturesNothing && !excluded.contains(port)) {
                    errors.add("Prometheus scrapes " + Render.id(target) + " on its pod IP, port " + port + ", through its sidecar, which "
                            + Render.id(sidecar.get()) + " makes REGISTRY_ONLY: a pod IP is no registered host, so the scrape ends in the"
                            + " BlackHoleCluster; let the port skip Prometheus's sidecar (traffic.sidecar.istio.io/excludeOutboundPorts)");
                }
            });
        }
        return errors;
    }

    /**
     * Istio: where a Telemetry turns Envoy tracing on, the exports of spans must not become traces. Envoy starts a
     * trace for each request without one, and OTLP exports carry none: the observability workloads report no span
     * (a Telemetry selecting them with disableSpanReporting, any mode) and the services' sidecars no client span
     * (their exports leave as client requests; the apps' own client spans cover their calls).
     */
    public static List<String> tracingSkipsTheExports(Render r) {
        List<String> errors = new ArrayList<>();
        boolean tracing = r.all("telemetry.istio.io", "Telemetry").anyMatch(t -> {
            for (JsonNode tr : t.path("spec").path("tracing")) {
                if (!tr.path("providers").isEmpty() && !tr.path("disableSpanReporting").asBoolean(false)) {
                    return true;
                }
            }
            return false;
        });
        if (!tracing) {
            return errors;
        }
        r.workloads().forEach(w -> {
            String component = Render.podLabels(w).path("app.kubernetes.io/component").asText();
            Set<String> mustBeOff = switch (component) {
                case "observability" -> Set.of("CLIENT", "SERVER");
                case "service" -> Set.of("CLIENT");
                default -> Set.of();
            };
            Set<String> off = new TreeSet<>();
            r.all("telemetry.istio.io", "Telemetry")
                    .filter(t -> Render.matches(t.path("spec").path("selector").path("matchLabels"), Render.podLabels(w)))
                    .forEach(t -> t.path("spec").path("tracing").forEach(tr -> {
                        if (tr.path("disableSpanReporting").asBoolean(false)) {
                            String mode = tr.path("match").path("mode").asText("CLIENT_AND_SERVER");
                            off.addAll(mode.equals("CLIENT_AND_SERVER") ? Set.of("CLIENT", "SERVER") : Set.of(mode));
                        }
                    }));
            for (String mode : mustBeOff) {
                if (!off.contains(mode)) {
                    errors.add(Render.id(w) + " (" + component + "): its sidecar reports " + mode.toLowerCase(java.util.Locale.ROOT)
                            + " spans at the namespace's sampling, so every span export it " + (mode.equals("CLIENT") ? "sends" : "receives")
                            + " becomes a trace of its own: select it with a Telemetry that sets disableSpanReporting"
                            + (component.equals("service") ? " for match mode CLIENT" : ""));
                }
            }
        });
        return errors;
    }

    private static java.util.stream.Stream<JsonNode> parentsOf(JsonNode route) {
        List<JsonNode> parents = new ArrayList<>();
        route.path("spec").path("parentRefs").forEach(parents::add);
        return parents.stream();
    }

    /** External hosts a render lets the namespace reach: Istio ServiceEntries (MESH_EXTERNAL), Linkerd egress routes' hostnames. */
    public static Set<String> allowedExternalHosts(Render r) {
        Set<String> hosts = new TreeSet<>();
        r.all("networking.istio.io", "ServiceEntry").filter(se -> "MESH_EXTERNAL".equals(se.path("spec").path("location").asText()))
                .forEach(se -> se.path("spec").path("ports").forEach(port -> se.path("spec").path("hosts")
                        .forEach(h -> hosts.add(port.path("protocol").asText().toLowerCase() + "://" + h.asText() + ":" + port.path("number").asInt()))));
        r.objects().stream().filter(o -> o.path("kind").asText().endsWith("Route")).forEach(route -> parentsOf(route)
                .filter(p -> "EgressNetwork".equals(p.path("kind").asText())).forEach(p -> route.path("spec").path("hostnames")
                        .forEach(h -> hosts.add(("HTTPRoute".equals(route.path("kind").asText()) ? "http" : "tls") + "://" + h.asText() + ":" + p.path("port").asInt()))));
        return hosts;
    }

    // ---------------------------------------------------------------- connection pools

    /**
     * A connection pool set on DestinationRule subsets binds only traffic routed to those subsets: every
     * route to the host must name a subset, or that traffic bypasses the limits (GAMMA routes to the
     * per-version Services bypass subset pools entirely).
     */
    public static List<String> connectionPools(Render r) {
        List<String> errors = new ArrayList<>();
        r.all("networking.istio.io", "DestinationRule").forEach(dr -> {
            Optional<JsonNode> svc = MeshRules.service(r, dr.path("spec").path("host").asText());
            List<String> pooled = new ArrayList<>();
            for (JsonNode subset : dr.path("spec").path("subsets")) {
                JsonNode pool = subset.path("trafficPolicy").path("connectionPool");
                if (!pool.isMissingNode()) {
                    pooled.add(subset.path("name").asText());
                    errors.addAll(poolProblems(Render.id(dr) + " subset " + subset.path("name").asText(), pool));
                }
            }
            JsonNode top = dr.path("spec").path("trafficPolicy").path("connectionPool");
            if (!top.isMissingNode()) {
                errors.addAll(poolProblems(Render.id(dr), top));
            }
            if (pooled.isEmpty() || svc.isEmpty()) {
                return;
            }
            String service = Render.name(svc.get());
            if (pooled.size() < dr.path("spec").path("subsets").size()) {
                errors.add(Render.id(dr) + ": connection pool on subsets " + pooled + " only; the other subsets take unlimited traffic");
            }
            r.all("networking.istio.io", "VirtualService").forEach(vs -> vs.path("spec").path("http").forEach(http -> http.path("route").forEach(route -> {
                JsonNode dest = route.path("destination");
                if (MeshRules.service(r, dest.path("host").asText()).map(Render::name).equals(Optional.of(service)) && !dest.has("subset")) {
                    errors.add(Render.id(vs) + " route " + http.path("name").asText("?") + ": routes to " + service
                            + " without a subset, bypassing the subsets' connection pool");
                }
            })));
            r.all(GATEWAY_API, "HTTPRoute").forEach(route -> parentsOf(route).forEach(p -> {
                if ("Service".equals(p.path("kind").asText()) && service.equals(p.path("name").asText())) {
                    errors.add(Render.id(route) + ": GAMMA routes to " + service + " go to Services, not subsets: the subsets' connection pool never applies");
                }
            }));
        });
        return errors;
    }

    private static List<String> poolProblems(String where, JsonNode pool) {
        List<String> errors = new ArrayList<>();
        for (String field : List.of("maxConnections")) {
            JsonNode v = pool.path("tcp").path(field);
            if (!v.isMissingNode() && v.asLong() < 1) {
                errors.add(where + ": tcp." + field + " " + v + " must be at least 1 (0 is not 'unlimited' here)");
            }
        }
        for (String field : List.of("http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection", "maxRetries")) {
            JsonNode v = pool.path("http").path(field);
            if (!v.isMissingNode() && v.asLong() < 0) {
                errors.add(where + ": http." + field + " " + v + " is negative");
            }
        }
        return errors;
    }

    // ---------------------------------------------------------------- alerting

    /**
     * When Prometheus mounts a rules ConfigMap: its config loads that mount (rule_files), every rules
     * file parses, alert names are unique, each alert has for/severity/summary, and its expression reads
     * only metrics (and labels) that the meshes' proxies export.
     */
    public static List<String> alerting(Render r) {
        List<String> errors = new ArrayList<>();
        Optional<ObjectNode> prometheus = r.find("apps", "Deployment", "prometheus");
        Optional<ObjectNode> rules = r.all("", "ConfigMap").filter(c -> Render.name(c).startsWith("prometheus-rules")).findFirst();
        if (prometheus.isEmpty() || rules.isEmpty()) {
            return errors;
        }
        String mountPath = null;
        for (JsonNode v : Render.podSpec(prometheus.get()).path("volumes")) {
            if (Render.name(rules.get()).equals(v.path("configMap").path("name").asText())) {
                for (JsonNode m : Render.podSpec(prometheus.get()).path("containers").get(0).path("volumeMounts")) {
                    if (v.path("name").asText().equals(m.path("name").asText())) {
                        mountPath = m.path("mountPath").asText();
                    }
                }
            }
        }
        if (mountPath == null) {
            errors.add(Render.id(rules.get()) + ": not mounted into the prometheus container");
            return errors;
        }
        List<String> globs = new ArrayList<>();
        r.all("", "ConfigMap").filter(c -> Render.name(c).startsWith("prometheus-config")).forEach(c -> c.path("data").fields().forEachRemaining(e -> {
            try {
                new YAMLMapper().readTree(e.getValue().asText()).path("rule_files").forEach(g -> globs.add(g.asText()));
            } catch (IOException ex) {
                errors.add(Render.id(c) + ": " + e.getKey() + " is not YAML");
            }
        }));
        Set<String> alertNames = new TreeSet<>();
        String dir = mountPath;
        rules.get().path("data").fields().forEachRemaining(file -> {
            String path = dir + "/" + file.getKey();
            if (globs.stream().noneMatch(g -> globMatches(g, path))) {
                errors.add(Render.id(rules.get()) + ": " + path + " is not loaded by Prometheus (rule_files: " + globs + ")");
            }
            JsonNode doc;
            try {
                doc = new YAMLMapper().readTree(file.getValue().asText());
            } catch (IOException ex) {
                errors.add(file.getKey() + ": not YAML (" + ex.getMessage() + ")");
                return;
            }
            if (doc == null || doc.path("groups").isEmpty()) {
                errors.add(file.getKey() + ": no rule groups");
                return;
            }
            for (JsonNode group : doc.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.path("alert").asText(rule.path("record").asText(""));
                    String where = file.getKey() + " " + name + ": ";
                    if (rule.has("alert") && !alertNames.add(name)) {
                        errors.add(where + "alert name used twice");
                    }
                    if (rule.has("alert")) {
                        if (!PROM_DURATION.matcher(rule.path("for").asText("")).matches()) {
                            errors.add(where + "'for' " + rule.path("for") + " is not a Prometheus duration (a one-sample blip would fire it)");
                        }
                        if (!Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText())) {
                            errors.add(where + "labels.severity must be warning or critical");
                        }
                        if (rule.path("annotations").path("summary").asText("").isEmpty()) {
                            errors.add(where + "no summary annotation");
                        }
                    }
                    errors.addAll(metricProblems(where, rule.path("expr").asText("")));
                }
            }
        });
        return errors;
    }

    /** Metric names and matcher labels of a PromQL expression, checked against {@link #MESH_METRICS}. */
    static List<String> metricProblems(String where, String expr) {
        List<String> errors = new ArrayList<>();
        if (expr.isBlank()) {
            errors.add(where + "empty expr");
            return errors;
        }
        String withoutStrings = expr.replaceAll("\"[^\"]*\"", "\"\"");
        Matcher selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)\\}").matcher(withoutStrings);
        Set<String> seen = new TreeSet<>();
        while (selector.find()) {
            String metric = selector.group(1);
            seen.add(metric);
            Set<String> labels = MESH_METRICS.get(metric);
            if (labels == null) {
                continue;
            }
            Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)").matcher(selector.group(2));
            while (label.find()) {
                if (!labels.contains(label.group(1))) {
                    errors.add(where + metric + " has no label " + label.group(1));
                }
            }
        }
        String bare = withoutStrings.replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ").replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ");
        Matcher word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (word.find()) {
            if (!PROMQL_WORDS.contains(word.group())) {
                seen.add(word.group());
            }
        }
        for (String metric : seen) {
            if (!MESH_METRICS.containsKey(metric)) {
                errors.add(where + "reads " + metric + ", which neither Istio's nor Linkerd's proxies export");
            }
        }
        return errors;
    }

    /** True when every match names GET, HEAD or OPTIONS exactly (no match at all means every method). */
    static boolean idempotentOnly(JsonNode matches) {
        if (matches.isMissingNode() || matches.isEmpty()) {
            return false;
        }
        for (JsonNode m : matches) {
            String exact = m.path("method").path("exact").asText(null);
            if (exact == null || !Authz.IDEMPOTENT.contains(exact)) {
                return false;
            }
        }
        return true;
    }

    private static boolean globMatches(String glob, String path) {
        String regex = ("\\Q" + glob + "\\E").replace("*", "\\E[^/]*\\Q");
        return path.matches(regex);
    }
}
