package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of the istio-ambient overlay (Istio 1.30.3 ambient mode): no sidecar anywhere, policies that need
 * an HTTP proxy attached to one (targetRefs), and a waypoint in the path of every L7 feature. Each returns no
 * errors for the other overlays.
 */
public final class AmbientRules {
    /** Pod labels and annotations that ask for (or configure) an injected sidecar. */
    static final Set<String> SIDECAR_KEYS = Set.of("sidecar.istio.io/inject", "inject.istio.io/templates", "istio.io/rev");
    /** The waypoint-for values that handle traffic addressed to a Service. */
    static final Set<String> FOR_SERVICES = Set.of("service", "all");

    private AmbientRules() {
    }

    /**
     * Ambient only: the namespace is enrolled (istio.io/dataplane-mode: ambient) and not labelled for injection, no
     * pod asks for a sidecar (labels/annotations sidecar.istio.io/*, inject.istio.io/templates) and there is no
     * Sidecar resource (it configures sidecars only; ambient has none to configure).
     */
    public static List<String> noSidecars(Render r) {
        List<String> errors = new ArrayList<>();
        if (!Ambient.is(r)) {
            return errors;
        }
        r.find("", "Namespace", Render.NAMESPACE).ifPresent(ns -> {
            JsonNode labels = ns.path("metadata").path("labels");
            if (!"ambient".equals(labels.path(Ambient.DATAPLANE_MODE).asText())) {
                errors.add(Render.id(ns) + ": not enrolled (label " + Ambient.DATAPLANE_MODE + ": ambient missing)");
            }
            for (String key : List.of("istio-injection", "istio.io/rev")) {
                if (labels.has(key)) {
                    errors.add(Render.id(ns) + ": label " + key + " asks for sidecar injection under ambient");
                }
            }
        });
        r.workloads().forEach(w -> {
            JsonNode meta = w.path("spec").path("template").path("metadata");
            for (String part : List.of("labels", "annotations")) {
                meta.path(part).fieldNames().forEachRemaining(k -> {
                    if (SIDECAR_KEYS.contains(k) || k.startsWith("sidecar.istio.io/") || k.startsWith("proxy.istio.io/")) {
                        errors.add(Render.id(w) + ": pod " + part.substring(0, part.length() - 1) + " " + k + " is a sidecar setting under ambient");
                    }
                });
            }
            for (JsonNode c : Render.podSpec(w).path("containers")) {
                if ("istio-proxy".equals(c.path("name").asText())) {
                    errors.add(Render.id(w) + ": container istio-proxy (a sidecar) under ambient");
                }
            }
        });
        r.all("networking.istio.io", "Sidecar").forEach(s -> errors.add(Render.id(s) + ": a Sidecar has no effect under ambient (no sidecars)"));
        return errors;
    }

    /**
     * Ambient only: every policy that needs an HTTP proxy names one in targetRefs. An AuthorizationPolicy with L7
     * fields (methods, paths, hosts, request principals, when) must not be ztunnel's (selector or namespace-wide:
     * ztunnel cannot read requests, and an ALLOW rule with them never matches there); RequestAuthentication and
     * EnvoyFilter likewise (ztunnel validates no JWT and runs no Envoy filter). Each target must exist: a Service
     * that uses a waypoint of the render, or a Gateway API Gateway of class istio or istio-waypoint.
     */
    public static List<String> waypointPoliciesTargetAWaypoint(Render r) {
        List<String> errors = new ArrayList<>();
        if (!Ambient.is(r)) {
            return errors;
        }
        r.all("security.istio.io", "AuthorizationPolicy").filter(r::inForce).forEach(p -> {
            List<String> l7 = Ambient.l7Fields(p);
            if (!Ambient.hasTargetRefs(p) && !l7.isEmpty()) {
                errors.add(Render.id(p) + ": " + l7 + " on a " + (p.path("spec").has("selector") ? "selector" : "namespace-wide")
                        + " policy, which ztunnel enforces at L4: attach it to a waypoint with targetRefs (the Service, or the waypoint Gateway)");
            }
            errors.addAll(targetsResolve(r, p));
        });
        for (String kind : List.of("RequestAuthentication")) {
            r.all("security.istio.io", kind).filter(r::inForce).forEach(p -> {
                if (!Ambient.hasTargetRefs(p)) {
                    errors.add(Render.id(p) + ": ztunnel validates no JWT; attach it with targetRefs to the entry Gateway or a waypoint");
                }
                errors.addAll(targetsResolve(r, p));
            });
        }
        r.all("networking.istio.io", "EnvoyFilter").filter(r::inForce).forEach(f -> {
            if (!Ambient.hasTargetRefs(f)) {
                errors.add(Render.id(f) + ": workloadSelector/namespace-wide EnvoyFilters patch sidecars; under ambient target the waypoint (targetRefs)");
            }
            errors.addAll(targetsResolve(r, f));
        });
        return errors;
    }

    private static List<String> targetsResolve(Render r, JsonNode policy) {
        List<String> errors = new ArrayList<>();
        for (JsonNode t : Ambient.targetRefs(policy)) {
            String kind = t.path("kind").asText();
            String name = t.path("name").asText();
            if ("Service".equals(kind) && t.path("group").asText("").isEmpty()) {
                Optional<ObjectNode> svc = r.find("", "Service", name);
                if (svc.isEmpty()) {
                    errors.add(Render.id(policy) + ": target Service " + name + " does not exist");
                } else if (waypointFor(r, svc.get()).isEmpty()) {
                    errors.add(Render.id(policy) + ": target Service " + name + " uses no waypoint (label " + Ambient.USE_WAYPOINT
                            + "), so no proxy would enforce it");
                }
            } else if ("Gateway".equals(kind) && Ambient.GATEWAY_API.equals(t.path("group").asText())) {
                boolean istioGateway = r.find(Ambient.GATEWAY_API, "Gateway", name)
                        .filter(g -> g.path("spec").path("gatewayClassName").asText().startsWith("istio")).isPresent();
                if (!istioGateway) {
                    errors.add(Render.id(policy) + ": target Gateway " + name + " is not an Istio Gateway of the render");
                }
            } else {
                errors.add(Render.id(policy) + ": target " + t.path("group").asText() + "/" + kind + " is not checked by the validator");
            }
        }
        return errors;
    }

    /** The waypoint Gateway a Service uses, when it exists in the render and handles Service traffic. */
    static Optional<ObjectNode> waypointFor(Render r, JsonNode service) {
        return Ambient.waypointOf(r, service).flatMap(w -> Ambient.waypoint(r, w))
                .filter(g -> FOR_SERVICES.contains(g.path("metadata").path("labels").path("istio.io/waypoint-for").asText("service")));
    }

    /**
     * Ambient only: every L7 feature has a waypoint in its path. A mesh VirtualService (gateways absent or [mesh]),
     * a DestinationRule, and an HTTPRoute whose parent is a Service configure what the Service's waypoint does;
     * ztunnel applies none of them. So each host or parent Service must use a waypoint of the render
     * (istio.io/use-waypoint on the Service or the namespace) that handles Service traffic (istio.io/waypoint-for
     * service or all).
     */
    public static List<String> everyL7FeatureHasAWaypoint(Render r) {
        List<String> errors = new ArrayList<>();
        if (!Ambient.is(r)) {
            return errors;
        }
        r.all("networking.istio.io", "VirtualService").forEach(vs -> {
            JsonNode gateways = vs.path("spec").path("gateways");
            boolean mesh = gateways.isMissingNode() || gateways.isEmpty()
                    || java.util.stream.StreamSupport.stream(gateways.spliterator(), false).anyMatch(g -> g.asText().equals("mesh"));
            if (mesh) {
                vs.path("spec").path("hosts").forEach(h -> needsWaypoint(r, vs, "host " + h.asText(), MeshRules.service(r, h.asText()), errors));
            }
        });
        r.all("networking.istio.io", "DestinationRule").forEach(dr -> {
            String host = dr.path("spec").path("host").asText();
            needsWaypoint(r, dr, "host " + host, MeshRules.service(r, host), errors);
        });
        r.all(Ambient.GATEWAY_API, "HTTPRoute").forEach(route -> route.path("spec").path("parentRefs").forEach(p -> {
            if ("Service".equals(p.path("kind").asText())) {
                String name = p.path("name").asText();
                needsWaypoint(r, route, "parent Service " + name, r.find("", "Service", name).map(s -> s), errors);
            }
        }));
        return errors;
    }

    private static void needsWaypoint(Render r, JsonNode o, String what, Optional<JsonNode> service, List<String> errors) {
        if (service.isEmpty()) {
            return; // routesResolve reports unknown hosts
        }
        Optional<String> named = Ambient.waypointOf(r, service.get());
        if (named.isEmpty()) {
            errors.add(Render.id(o) + ": " + what + " uses no waypoint (label " + Ambient.USE_WAYPOINT + "): ztunnel would ignore this L7 configuration");
        } else if (waypointFor(r, service.get()).isEmpty()) {
            errors.add(Render.id(o) + ": " + what + " uses waypoint " + named.get()
                    + ", which is no Gateway of class istio-waypoint for Service traffic in the render");
        }
    }
}
