package dev.meshdemo.scenarios.harness;

import java.util.Locale;
import java.util.Set;

/** Which mesh the suite runs on, and what each one is predicted to do. */
public enum Mesh {
    /** ISTIO_AMBIENT: Istio's ambient data plane (ztunnel on every node, a waypoint for L7), MESH=istio-ambient. */
    PLAIN, ISTIO, ISTIO_AMBIENT, LINKERD;

    /** The annotation istio-cni writes on a pod whose traffic it redirected to ztunnel. */
    public static final String AMBIENT_REDIRECTION = "ambient.istio.io/redirection";
    /** Components of istio-ambient's own (the others it shares with the sidecar mode: the waypoint applies them). */
    static final Set<String> AMBIENT_OWN_COMPONENTS = Set.of("end-user-auth", "rate-limit");

    public static Mesh parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("MESH must be istio, istio-ambient, linkerd or plain (got nothing)");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MESH must be istio, istio-ambient, linkerd or plain (got '" + value + "')");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Istio, with sidecars or ambient: Envoy (sidecar, gateway or waypoint) applies the same Istio APIs. */
    public boolean isIstio() {
        return this == ISTIO || this == ISTIO_AMBIENT;
    }

    /** How a meshed pod is recognised: its proxy container, or (ambient) istio-cni's redirection to ztunnel. */
    public String enrollment() {
        return this == ISTIO_AMBIENT ? "the annotation " + AMBIENT_REDIRECTION + ": enabled (ztunnel), no istio-proxy container"
                : "the " + proxyContainer() + " container";
    }

    public boolean meshed() {
        return this != PLAIN;
    }

    /** The proxy container the mesh injects (a sidecar, or a native sidecar among the init containers). */
    public String proxyContainer() {
        return switch (this) {
            case ISTIO -> "istio-proxy";
            case LINKERD -> "linkerd-proxy";
            case PLAIN, ISTIO_AMBIENT -> null;
        };
    }

    /** The peer identity a server's /whoami reports for a client running as serviceAccount in namespace. */
    public String identityOf(String serviceAccount, String namespace) {
        return switch (this) {
            // Ambient: the waypoint writes the caller's SPIFFE id into x-forwarded-client-cert (the overlay's waypoint).
            case ISTIO, ISTIO_AMBIENT -> "spiffe://cluster.local/ns/" + namespace + "/sa/" + serviceAccount;
            case LINKERD -> serviceAccount + "." + namespace + ".serviceaccount.identity.linkerd.cluster.local";
            case PLAIN -> null;
        };
    }

    /** The {@code peer.source} /whoami reports behind this mesh (APP_MESH of the overlay). */
    public String identitySource() {
        return isIstio() ? "istio" : meshed() ? id() : null;
    }

    /**
     * The status a meshed server's proxy answers a request its authorization refuses: Envoy's RBAC filter and
     * Linkerd's inbound policy both answer 403 (Linkerd: 404 only for a request that matches no route).
     */
    public Set<Integer> refusalStatuses() {
        return meshed() ? Set.of(403) : Set.of();
    }

    /** The fault-injection, retry, timeout and breaker components of this mesh in mesh/components. */
    public String component(String feature) {
        if (this == ISTIO_AMBIENT) {
            return (AMBIENT_OWN_COMPONENTS.contains(feature) ? id() : ISTIO.id()) + "-" + feature;
        }
        return id() + "-" + feature;
    }
}
