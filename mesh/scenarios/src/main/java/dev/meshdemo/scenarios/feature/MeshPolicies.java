package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.Mesh;

/**
 * The policies the scenarios apply for their run (labelled, deleted at the end): grants of paths outside the
 * call graph, and the controls ("the previous policy") that a feature's proof is compared with. Istio: one
 * policy per service (a selector), so no other workload's authorization changes. Linkerd: routes on the
 * overlay's Servers (named after the services) with their AuthorizationPolicies (ORed with the overlay's).
 */
final class MeshPolicies {
    private MeshPolicies() {
    }

    /**
     * Where an Istio request-level policy for a service attaches: its pods' sidecars (selector), or under ambient the
     * Service's waypoint (targetRefs; a waypoint ignores selector policies).
     */
    static String attachment(Mesh mesh, String svc) {
        return mesh == Mesh.ISTIO_AMBIENT ? "targetRefs: [{group: \"\", kind: Service, name: " + svc + "}]"
                : "selector: {matchLabels: {app: " + svc + "}}";
    }

    /**
     * GET /whoami for one ServiceAccount on every service. Ambient: on the waypoint (targetRefs to the Service),
     * where request-level rules are enforced; ztunnel already admits the waypoint.
     */
    static String whoamiGrant(Mesh mesh, String ns, String serviceAccount) {
        StringBuilder y = new StringBuilder();
        for (String svc : Cluster.SERVICES) {
            if (mesh.isIstio()) {
                y.append("""
                        ---
                        apiVersion: security.istio.io/v1
                        kind: AuthorizationPolicy
                        metadata: {name: scenario-whoami-%1$s, namespace: %2$s}
                        spec:
                          %4$s
                          action: ALLOW
                          rules:
                            - from: [{source: {principals: [cluster.local/ns/%2$s/sa/%3$s]}}]
                              to: [{operation: {methods: [GET], paths: [/whoami]}}]
                        """.formatted(svc, ns, serviceAccount, attachment(mesh, svc)));
            } else {
                y.append("""
                        ---
                        apiVersion: policy.linkerd.io/v1beta3
                        kind: HTTPRoute
                        metadata: {name: scenario-whoami-%1$s, namespace: %2$s}
                        spec:
                          parentRefs: [{group: policy.linkerd.io, kind: Server, name: %1$s}]
                          rules: [{matches: [{method: GET, path: {type: Exact, value: /whoami}}]}]
                        ---
                        apiVersion: policy.linkerd.io/v1alpha1
                        kind: AuthorizationPolicy
                        metadata: {name: scenario-whoami-%1$s, namespace: %2$s}
                        spec:
                          targetRef: {group: policy.linkerd.io, kind: HTTPRoute, name: scenario-whoami-%1$s}
                          requiredAuthenticationRefs: [{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: scenario-whoami}]
                        """.formatted(svc, ns));
            }
        }
        if (mesh == Mesh.LINKERD) {
            y.append("""
                    ---
                    apiVersion: policy.linkerd.io/v1alpha1
                    kind: MeshTLSAuthentication
                    metadata: {name: scenario-whoami, namespace: %1$s}
                    spec:
                      identityRefs: [{kind: ServiceAccount, name: %2$s}]
                    """.formatted(ns, serviceAccount));
        }
        return y.toString();
    }

    /**
     * The control of the mTLS proof: Istio PERMISSIVE on every service (a workload PeerAuthentication wins over
     * the namespace's STRICT) and GET /whoami open to any source; Linkerd GET /whoami open to any network
     * (unauthenticated). Requires {@link #whoamiGrant} for Linkerd's routes.
     */
    static String previousMtlsPolicy(Mesh mesh, String ns) {
        StringBuilder y = new StringBuilder();
        if (mesh == Mesh.LINKERD) {
            y.append("""
                    ---
                    apiVersion: policy.linkerd.io/v1alpha1
                    kind: NetworkAuthentication
                    metadata: {name: scenario-any-network, namespace: %s}
                    spec:
                      networks: [{cidr: 0.0.0.0/0}, {cidr: "::/0"}]
                    """.formatted(ns));
        }
        for (String svc : Cluster.SERVICES) {
            if (mesh.isIstio()) {
                // Ambient: a client outside the mesh reaches the pod without the waypoint, so only ztunnel (L4) can let it
                // in: the control opens the service port to any source; sidecars can open GET /whoami alone.
                String rule = mesh == Mesh.ISTIO_AMBIENT ? "{ports: [\"" + Cluster.SERVICE_PORTS.get(svc) + "\"]}" : "{methods: [GET], paths: [/whoami]}";
                y.append("""
                        ---
                        apiVersion: security.istio.io/v1
                        kind: PeerAuthentication
                        metadata: {name: scenario-permissive-%1$s, namespace: %2$s}
                        spec:
                          selector: {matchLabels: {app: %1$s}}
                          mtls: {mode: PERMISSIVE}
                        ---
                        apiVersion: security.istio.io/v1
                        kind: AuthorizationPolicy
                        metadata: {name: scenario-whoami-any-%1$s, namespace: %2$s}
                        spec:
                          selector: {matchLabels: {app: %1$s}}
                          action: ALLOW
                          rules: [{to: [{operation: %3$s}]}]
                        """.formatted(svc, ns, rule));
            } else {
                y.append("""
                        ---
                        apiVersion: policy.linkerd.io/v1alpha1
                        kind: AuthorizationPolicy
                        metadata: {name: scenario-whoami-any-%1$s, namespace: %2$s}
                        spec:
                          targetRef: {group: policy.linkerd.io, kind: HTTPRoute, name: scenario-whoami-%1$s}
                          requiredAuthenticationRefs: [{group: policy.linkerd.io, kind: NetworkAuthentication, name: scenario-any-network}]
                        """.formatted(svc, ns));
            }
        }
        return y.toString();
    }

    /**
     * The control of the authorization proof: allow-all. Istio: an ALLOW policy matching every request per
     * service (ALLOW policies are ORed, so this admits what allow-nothing and the call graph refuse). Linkerd: an
     * AuthorizationPolicy admitting every meshed identity on each of the given routes of the Servers.
     */
    static String allowAll(Mesh mesh, String ns, java.util.List<String> linkerdRoutes) {
        StringBuilder y = new StringBuilder();
        if (mesh.isIstio()) {
            // Ambient: on the waypoint (targetRefs to the Service), where the call graph's rules are; ztunnel admits the waypoint.
            for (String svc : Cluster.SERVICES) {
                y.append("""
                        ---
                        apiVersion: security.istio.io/v1
                        kind: AuthorizationPolicy
                        metadata: {name: scenario-allow-all-%1$s, namespace: %2$s}
                        spec:
                          %3$s
                          action: ALLOW
                          rules: [{}]
                        """.formatted(svc, ns, attachment(mesh, svc)));
            }
            return y.toString();
        }
        y.append("""
                ---
                apiVersion: policy.linkerd.io/v1alpha1
                kind: MeshTLSAuthentication
                metadata: {name: scenario-any-identity, namespace: %s}
                spec:
                  identities: ["*"]
                """.formatted(ns));
        for (String route : linkerdRoutes) {
            y.append("""
                    ---
                    apiVersion: policy.linkerd.io/v1alpha1
                    kind: AuthorizationPolicy
                    metadata: {name: scenario-allow-all-%1$s, namespace: %2$s}
                    spec:
                      targetRef: {group: policy.linkerd.io, kind: HTTPRoute, name: %1$s}
                      requiredAuthenticationRefs: [{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: scenario-any-identity}]
                    """.formatted(route, ns));
        }
        return y.toString();
    }

    /** The name of {@link #retryingPostRoute}'s Service for a service. */
    static String retryingHost(String service) {
        return "scenario-retrying-" + service;
    }

    /**
     * The control of the POST-not-retried proof: a second Service for the same pods ({@code app: <service>}) whose
     * route retries every method on 5xx, 3 times (Istio: a mesh VirtualService with {@code retryOn: 5xx}; Linkerd: an
     * outbound HTTPRoute with {@code retry.linkerd.io/http: 5xx}). A POST sent through it under the fault knob reaches
     * the app more than once; the same POST through the overlay's Service must reach it exactly once.
     */
    static String retryingPostRoute(Mesh mesh, String ns, String service, int port) {
        String y = """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s, namespace: %2$s}
                spec:
                  selector: {app: %3$s}
                  ports: [{name: http, port: %4$d, targetPort: http, appProtocol: http}]
                """.formatted(retryingHost(service), ns, service, port);
        if (mesh == Mesh.ISTIO) {
            return y + """
                    ---
                    apiVersion: networking.istio.io/v1
                    kind: VirtualService
                    metadata: {name: %1$s, namespace: %2$s}
                    spec:
                      hosts: [%1$s.%2$s.svc.cluster.local]
                      gateways: [mesh]
                      http:
                        - name: every-method
                          route: [{destination: {host: %1$s.%2$s.svc.cluster.local, port: {number: %3$d}}}]
                          retries: {attempts: 3, retryOn: 5xx}
                    """.formatted(retryingHost(service), ns, port);
        }
        return y + """
                ---
                apiVersion: policy.linkerd.io/v1beta3
                kind: HTTPRoute
                metadata:
                  name: %1$s
                  namespace: %2$s
                  annotations: {retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "3"}
                spec:
                  parentRefs: [{group: core, kind: Service, name: %1$s, port: %3$d}]
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /}}]
                      backendRefs: [{name: %1$s, port: %3$d}]
                """.formatted(retryingHost(service), ns, port);
    }
}
