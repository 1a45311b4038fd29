package dev.meshdemo.scenarios.harness;

import java.util.Locale;
import java.util.Set;

/** Which mesh the suite runs on, and what each one is predicted to do. */
public enum Mesh {
    PLAIN, ISTIO, LINKERD;

    public static Mesh parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("MESH must be istio, linkerd or plain (got nothing)");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MESH must be istio, linkerd or plain (got '" + value + "')");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean meshed() {
        return this != PLAIN;
    }

    /** The proxy container the mesh injects (a sidecar, or a native sidecar among the init containers). */
    public String proxyContainer() {
        return switch (this) {
            case ISTIO -> "istio-proxy";
            case LINKERD -> "linkerd-proxy";
            case PLAIN -> null;
        };
    }

    /** The peer identity a server's /whoami reports for a client running as serviceAccount in namespace. */
    public String identityOf(String serviceAccount, String namespace) {
        return switch (this) {
            case ISTIO -> "spiffe://cluster.local/ns/" + namespace + "/sa/" + serviceAccount;
            case LINKERD -> serviceAccount + "." + namespace + ".serviceaccount.identity.linkerd.cluster.local";
            case PLAIN -> null;
        };
    }

    /** The {@code peer.source} /whoami reports behind this mesh (APP_MESH of the overlay). */
    public String identitySource() {
        return meshed() ? id() : null;
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
        return id() + "-" + feature;
    }
}
