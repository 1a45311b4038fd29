package dev.meshdemo.scenarios.feature;

import dev.meshdemo.common.identity.WhoAmIResource.WhoAmI;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the multi-cluster scenarios (make scenarios-multicluster MESH=istio|linkerd) share: the two clusters of
 * mk/multicluster.mk (east runs the whole suite, west product-service only, mesh/multicluster/placement), east's
 * clients, the grants they need, and the three changes the scenarios make and undo: east's product pods scaled to
 * zero, the way to west closed (Istio: west's east-west gateway scaled to zero; Linkerd: west's product-service
 * unexported, so east's service mirror deletes product-service-west), and (Linkerd) the failover route.
 * <p>
 * Where west's answers come from: Istio (multi-primary, failover by network in the product-service DestinationRule,
 * failoverPriority [topology.istio.io/network], mesh/multicluster/istio/failover) merges west's endpoints into east's
 * product-service and prefers east's network, so a call is served by west only once east has no healthy product
 * pod; the scenarios scale east's to zero for that. Every other Service of the namespace is cluster-local
 * (meshConfig.serviceSettings, mesh/multicluster/istio/east/cluster.yaml): only product-service crosses. Linkerd (gateway mode) names west's Service product-service-west in east (the Link's mirror) and
 * never mixes it into product-service by itself.
 */
final class MultiCluster {
    static final String CLIENT_POD = "scenario-mc-client";
    static final String CLIENT_SA = "scenario-multicluster";
    static final String UNMESHED_POD = "scenario-mc-unmeshed";
    static final String PRODUCT = "product-service";
    static final int PRODUCT_PORT = 3001;
    /** East's name for west's product-service: the service mirror's {@code <name>-<link name>} (link "west"). */
    static final String LINKERD_MIRROR = "product-service-west";
    /** The label the Link's default selector exports by at edge-26.6.3 (mesh/multicluster/placement/linkerd-west). */
    static final String LINKERD_EXPORT_LABEL = "mirror.linkerd.io/exported";
    /**
     * Gateway mode: west's gateway terminates east's mTLS (it admits any meshed identity under the shared trust
     * anchor, the chart's gateway-policy.yaml) and opens its own, so west's pods see the gateway's identity.
     */
    static final String LINKERD_GATEWAY_NS = "linkerd-multicluster";
    static final String LINKERD_GATEWAY = "linkerd-gateway";
    static final String LINKERD_GATEWAY_IDENTITY = LINKERD_GATEWAY + "." + LINKERD_GATEWAY_NS
            + ".serviceaccount.identity.linkerd.cluster.local";
    static final int LINKERD_GATEWAY_PORT = 4143;
    static final String ISTIO_GATEWAY_NS = "istio-system";
    static final String ISTIO_GATEWAY = "istio-eastwestgateway";
    static final int ISTIO_GATEWAY_PORT = 15443;
    /** The header the Linkerd failover route matches, so only the scenario's own requests take it. */
    static final String FAILOVER_HEADER = "x-meshdemo-scenario";
    static final String FAILOVER_HEADER_VALUE = "multicluster-failover";
    static final String RESTORE_EAST_PRODUCT = "east's product-service Deployments back to their replicas";
    static final String REOPEN_WEST = "the way to west open again";

    /** The two kube contexts: MC_CONTEXT_EAST / MC_CONTEXT_WEST (make passes mk/multicluster.mk's MC_CONTEXT_east/west). */
    record Contexts(String east, String west) {
        static final String DEFAULT_EAST = "kind-meshdemo-east";
        static final String DEFAULT_WEST = "kind-meshdemo-west";

        static Contexts fromEnvironment(Map<String, String> env) {
            String east = value(env, "MC_CONTEXT_EAST", DEFAULT_EAST);
            String west = value(env, "MC_CONTEXT_WEST", DEFAULT_WEST);
            if (east.equals(west)) {
                throw new IllegalArgumentException("MC_CONTEXT_east and MC_CONTEXT_west name the same context '" + east
                        + "': the multi-cluster scenarios need two clusters");
            }
            return new Contexts(east, west);
        }

        private static String value(Map<String, String> env, String name, String fallback) {
            String v = env.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }
    }

    /** Only the two meshes that mk/multicluster.mk installs over two clusters. */
    static boolean supported(Mesh mesh) {
        return mesh == Mesh.ISTIO || mesh == Mesh.LINKERD;
    }

    final ScenarioContext ctx;
    final Contexts contexts;
    final Cluster east;
    final Cluster west;
    final Mesh mesh;
    final String ns;
    /** East's meshed client (ServiceAccount {@value #CLIENT_SA}), which every scenario calls from. */
    ClientPod client;

    private MultiCluster(ScenarioContext ctx, Contexts contexts, Cluster east, Cluster west) {
        this.ctx = ctx;
        this.contexts = contexts;
        this.east = east;
        this.west = west;
        this.mesh = ctx.mesh();
        this.ns = ctx.settings().namespace();
    }

    /**
     * Every scenario's first step: both clusters connected (east becomes the context's home cluster), each running
     * product pods; east's meshed client; the client's grants in both clusters.
     */
    static MultiCluster connectWithClient(ScenarioContext ctx) {
        MultiCluster mc = connect(ctx);
        mc.client = ctx.meshedClient(CLIENT_POD, CLIENT_SA);
        mc.grant();
        return mc;
    }

    private static MultiCluster connect(ScenarioContext ctx) {
        if (!supported(ctx.mesh())) {
            throw new Precondition("the multi-cluster scenarios need MESH=istio or MESH=linkerd (make multicluster MESH=...)");
        }
        Contexts contexts = Contexts.fromEnvironment(System.getenv());
        ctx.useKubeContext(contexts.east());
        MultiCluster mc = new MultiCluster(ctx, contexts, ctx.cluster(), ctx.clusterIn(contexts.west()));
        for (Map.Entry<String, Cluster> c : Map.of("east", mc.east, "west", mc.west).entrySet()) {
            if (c.getValue().runningPodNames(PRODUCT).isEmpty()) {
                throw new Precondition("no running product-service pods in " + c.getKey() + " ("
                        + (c.getKey().equals("east") ? contexts.east() : contexts.west())
                        + "): make multicluster-deploy MESH=" + ctx.mesh().id() + ", then make multicluster-status MESH=" + ctx.mesh().id());
            }
        }
        ctx.recorder().pass("two-clusters", "east " + contexts.east() + " (product pods " + mc.east.runningPodNames(PRODUCT)
                + "), west " + contexts.west() + " (product pods " + mc.west.runningPodNames(PRODUCT) + ")");
        return mc;
    }

    ClientPod unmeshedClient() {
        return ctx.unmeshedClient(UNMESHED_POD);
    }

    /** The client's grants on product-service in both clusters, removed at the end. */
    private void grant() {
        east.applyTemporarily("remove the multi-cluster grants in east", grants(mesh, ns, false));
        west.applyTemporarily("remove the multi-cluster grants in west", grants(mesh, ns, true));
    }

    /** east's product-service (east serves it while it has healthy pods; Istio fails over to west without). */
    String productUrl(String path) {
        return "http://" + PRODUCT + "." + ns + ":" + PRODUCT_PORT + path;
    }

    /** Linkerd: west's product-service by its mirror's name in east. */
    String mirrorUrl(String path) {
        return "http://" + LINKERD_MIRROR + "." + ns + ":" + PRODUCT_PORT + path;
    }

    Set<String> productPods(Cluster c) {
        return new TreeSet<>(c.runningPodNames(PRODUCT));
    }

    // -------------------------------------------------------------------------------------- the grants
    /**
     * GET /whoami, /products and /products/{id} of product-service for the scenarios' client, in one cluster. Istio:
     * the same in both, since west's sidecar sees the east client's own SPIFFE id (the east-west gateway passes mTLS
     * through). Linkerd: east admits the client; west admits west's gateway, which is who west's pods see in gateway
     * mode. Linkerd's /whoami is on no overlay route, so it gets one on the product-service Server.
     */
    static String grants(Mesh mesh, String ns, boolean west) {
        if (mesh.isIstio()) {
            return """
                    apiVersion: security.istio.io/v1
                    kind: AuthorizationPolicy
                    metadata: {name: scenario-multicluster-product, namespace: %1$s}
                    spec:
                      selector: {matchLabels: {app: %2$s}}
                      action: ALLOW
                      rules:
                        - from: [{source: {principals: [cluster.local/ns/%1$s/sa/%3$s]}}]
                          to: [{operation: {methods: [GET], paths: [/whoami, /products, "/products/{*}"]}}]
                    """.formatted(ns, PRODUCT, CLIENT_SA);
        }
        String identity = west
                ? "{kind: ServiceAccount, name: " + LINKERD_GATEWAY + ", namespace: " + LINKERD_GATEWAY_NS + "}"
                : "{kind: ServiceAccount, name: " + CLIENT_SA + "}";
        StringBuilder y = new StringBuilder("""
                ---
                apiVersion: policy.linkerd.io/v1beta3
                kind: HTTPRoute
                metadata: {name: scenario-multicluster-whoami, namespace: %1$s}
                spec:
                  parentRefs: [{group: policy.linkerd.io, kind: Server, name: %2$s}]
                  rules: [{matches: [{method: GET, path: {type: Exact, value: /whoami}}]}]
                ---
                apiVersion: policy.linkerd.io/v1alpha1
                kind: MeshTLSAuthentication
                metadata: {name: scenario-multicluster, namespace: %1$s}
                spec:
                  identityRefs: [%3$s]
                """.formatted(ns, PRODUCT, identity));
        // The overlay's routes of product-service's Server for GET /products/{id} and GET /products (mesh/layers/linkerd).
        for (String route : List.of("scenario-multicluster-whoami", "product-service-item", "product-service-list")) {
            y.append("""
                    ---
                    apiVersion: policy.linkerd.io/v1alpha1
                    kind: AuthorizationPolicy
                    metadata: {name: scenario-multicluster-%1$s, namespace: %2$s}
                    spec:
                      targetRef: {group: policy.linkerd.io, kind: HTTPRoute, name: %3$s}
                      requiredAuthenticationRefs: [{group: policy.linkerd.io, kind: MeshTLSAuthentication, name: scenario-multicluster}]
                    """.formatted(route.replace("scenario-multicluster-", "").replace("product-service-", ""), ns, route));
        }
        return y.toString();
    }

    /**
     * Linkerd's failover, from what `make multicluster MESH=linkerd` installs (no failover extension, which is
     * deprecated, and no federated Service, which needs pod-to-pod networking that two kind clusters lack): an
     * outbound HTTPRoute on east's product-service whose backends are product-service (weight 99) and the mirror
     * product-service-west (weight 1). The proxy's weighted distribution picks among the backends that are ready
     * (linkerd2-proxy's distribute: RandomAvailable polls another backend when the one drawn is not ready), and a
     * backend with no endpoints stops being ready once its queue enters failfast (the balance queue then shuts its
     * gate, "to advertise backpressure past the queue"): while east has endpoints it serves about 99 %, and without
     * any, after the failfast timeout (requests in those first seconds fail, which the scenario waits out), its
     * requests go to west. Read in linkerd2-proxy's source at release/v2.359.0, the proxy edge-26.6.3 ships (its
     * .proxy-version): linkerd/distribute/src/service/random.rs, linkerd/proxy/balance/queue/src/{worker,failfast}.rs, the
     * 3 s outbound HTTP failfast timeout of linkerd/app/src/env.rs; not run against a cluster here. Only requests
     * carrying the scenario's header match it: the rest of east's traffic keeps the overlay's routes. The second match keeps it
     * ahead of the overlay's GET /products route (same path, one header match more, Gateway API precedence).
     */
    static String linkerdFailoverRoute(String ns) {
        return """
                apiVersion: policy.linkerd.io/v1beta3
                kind: HTTPRoute
                metadata: {name: scenario-multicluster-failover, namespace: %1$s}
                spec:
                  parentRefs: [{group: core, kind: Service, name: %2$s, port: %3$d}]
                  rules:
                    - matches:
                        - headers: [{name: %4$s, value: %5$s}]
                          path: {type: PathPrefix, value: /}
                        - headers: [{name: %4$s, value: %5$s}]
                          method: GET
                          path: {type: PathPrefix, value: /products}
                      backendRefs:
                        - {name: %2$s, port: %3$d, weight: 99}
                        - {name: %6$s, port: %3$d, weight: 1}
                """.formatted(ns, PRODUCT, PRODUCT_PORT, FAILOVER_HEADER, FAILOVER_HEADER_VALUE, LINKERD_MIRROR);
    }

    // ------------------------------------------------------------------------- what the scenarios change
    /** Scales east's product-service Deployments to zero (restored at the end) and waits until no pod runs. */
    void scaleEastProductToZero() {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (Deployment d : east.client().apps().deployments().inNamespace(ns).withLabel("app", PRODUCT).list().getItems()) {
            replicas.put(d.getMetadata().getName(), d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
        }
        if (replicas.isEmpty()) {
            throw new Precondition("no product-service Deployments in east (" + contexts.east() + ")");
        }
        ctx.cleanup().defer(RESTORE_EAST_PRODUCT + " " + replicas, () -> {
            replicas.forEach((name, n) -> east.client().apps().deployments().inNamespace(ns).withName(name).scale(n));
            int want = replicas.values().stream().mapToInt(Integer::intValue).sum();
            if (!Waits.until("east's product pods ready again", Duration.ofSeconds(240), () -> readyProductPods(east) >= want)) {
                throw new IllegalStateException("east's product-service has fewer than " + want + " ready pods after 240 s");
            }
        });
        replicas.keySet().forEach(name -> east.client().apps().deployments().inNamespace(ns).withName(name).scale(0));
        if (!Waits.until("east's product pods gone", Duration.ofSeconds(120), () -> east.runningPodNames(PRODUCT).isEmpty())) {
            throw new Precondition("east's product-service pods still run 120 s after scaling to zero: " + east.runningPodNames(PRODUCT));
        }
    }

    /** The restoration registered by {@link #scaleEastProductToZero}, run now. */
    boolean restoreEastProduct() {
        return ctx.cleanup().pending().stream().filter(d -> d.startsWith(RESTORE_EAST_PRODUCT)).findFirst()
                .map(d -> ctx.cleanup().restoreNow(d)).orElse(false);
    }

    private int readyProductPods(Cluster c) {
        return (int) c.runningPods(Map.of("app", PRODUCT)).stream().filter(p -> p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus())))
                .count();
    }

    /**
     * Closes the one way from east to west (restored at the end). Istio: west's east-west gateway scaled to zero (its
     * LoadBalancer Service and address stay; nothing behind it answers). Linkerd: the export label
     * removed from west's product-service, so east's service mirror deletes product-service-west.
     */
    String closeWayToWest() {
        if (mesh.isIstio()) {
            var gw = west.client().apps().deployments().inNamespace(ISTIO_GATEWAY_NS).withName(ISTIO_GATEWAY);
            Deployment d = gw.get();
            if (d == null) {
                throw new Precondition("no " + ISTIO_GATEWAY_NS + "/" + ISTIO_GATEWAY + " in west: make multicluster MESH=istio");
            }
            int was = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            ctx.cleanup().defer(REOPEN_WEST, () -> {
                gw.scale(was);
                if (!Waits.until("west's east-west gateway ready again", Duration.ofSeconds(180), () -> {
                    Deployment now = gw.get();
                    return now.getStatus() != null && now.getStatus().getReadyReplicas() != null && now.getStatus().getReadyReplicas() >= was;
                })) {
                    throw new IllegalStateException("west's " + ISTIO_GATEWAY + " not ready 180 s after scaling back to " + was);
                }
            });
            gw.scale(0);
            Waits.until("west's east-west gateway pods gone", Duration.ofSeconds(90), () -> west.client().pods()
                    .inNamespace(ISTIO_GATEWAY_NS).withLabel("istio", "eastwestgateway").list().getItems().isEmpty());
            return "west's " + ISTIO_GATEWAY + " scaled to 0";
        }
        var svc = west.client().services().inNamespace(ns).withName(PRODUCT);
        Service s = svc.get();
        String was = s == null || s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(LINKERD_EXPORT_LABEL);
        if (was == null) {
            throw new Precondition("west's product-service has no " + LINKERD_EXPORT_LABEL + " label (not exported): make multicluster-deploy MESH=linkerd");
        }
        ctx.cleanup().defer(REOPEN_WEST, () -> {
            svc.edit(x -> {
                x.getMetadata().getLabels().put(LINKERD_EXPORT_LABEL, was);
                return x;
            });
            if (!Waits.until("east's mirror " + LINKERD_MIRROR + " back, with endpoints", Duration.ofSeconds(120), this::mirrorHasEndpoints)) {
                throw new IllegalStateException("east has no " + LINKERD_MIRROR + " with endpoints 120 s after re-exporting");
            }
        });
        svc.edit(x -> {
            x.getMetadata().setLabels(new HashMap<>(x.getMetadata().getLabels()));
            x.getMetadata().getLabels().remove(LINKERD_EXPORT_LABEL);
            return x;
        });
        if (!Waits.until("east's mirror " + LINKERD_MIRROR + " deleted", Duration.ofSeconds(90),
                () -> east.client().services().inNamespace(ns).withName(LINKERD_MIRROR).get() == null)) {
            throw new Precondition("east still has " + LINKERD_MIRROR + " 90 s after west's product-service was unexported");
        }
        return "west's product-service unexported (label " + LINKERD_EXPORT_LABEL + " removed), east's mirror " + LINKERD_MIRROR + " gone";
    }

    boolean mirrorHasEndpoints() {
        var ep = east.client().endpoints().inNamespace(ns).withName(LINKERD_MIRROR).get();
        return ep != null && ep.getSubsets() != null && ep.getSubsets().stream().anyMatch(x -> x.getAddresses() != null && !x.getAddresses().isEmpty());
    }

    /** The LoadBalancer address of west's gateway (an IP on kind, a host name on EKS). */
    String westGatewayAddress() {
        String gwNs = mesh.isIstio() ? ISTIO_GATEWAY_NS : LINKERD_GATEWAY_NS;
        String gwName = mesh.isIstio() ? ISTIO_GATEWAY : LINKERD_GATEWAY;
        Service s = west.client().services().inNamespace(gwNs).withName(gwName).get();
        var ingress = s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null ? null
                : s.getStatus().getLoadBalancer().getIngress();
        if (ingress == null || ingress.isEmpty()) {
            throw new Precondition("west's " + gwNs + "/" + gwName + " has no LoadBalancer address (kind: is cloud-provider-kind running?)");
        }
        return ingress.get(0).getIp() != null ? ingress.get(0).getIp() : ingress.get(0).getHostname();
    }

    /**
     * The curl arguments of a client outside the mesh calling west's product-service through west's gateway, as
     * east's proxies do. Istio: TLS to the gateway's 15443 with the SNI east's sidecar sends
     * (outbound_.PORT_._.HOST, routed by AUTO_PASSTHROUGH to west's product sidecar), without a client certificate.
     * Linkerd: plain HTTP to the gateway's proxy port 4143, addressed to product-service.
     */
    static List<String> unmeshedThroughGateway(Mesh mesh, String ns, String gatewayAddress) {
        String host = PRODUCT + "." + ns + ".svc.cluster.local";
        if (mesh.isIstio()) {
            String sni = "outbound_." + PRODUCT_PORT + "_._." + host;
            return List.of("https://" + sni + ":" + ISTIO_GATEWAY_PORT + "/whoami", "--insecure",
                    "--connect-to", sni + ":" + ISTIO_GATEWAY_PORT + ":" + gatewayAddress + ":" + ISTIO_GATEWAY_PORT);
        }
        return List.of("http://" + gatewayAddress + ":" + LINKERD_GATEWAY_PORT + "/whoami",
                "--header", "Host: " + host + ":" + PRODUCT_PORT);
    }

    // --------------------------------------------------------------------------------- what answered
    /** One batch of /whoami replies with the pods that answered, sorted into east's and west's. */
    record Batch(List<ClientPod.Reply> replies, List<String> pods, Set<String> eastPods, Set<String> westPods) {
        static Batch of(List<ClientPod.Reply> replies, Set<String> eastPods, Set<String> westPods) {
            List<String> pods = new ArrayList<>();
            for (ClientPod.Reply r : replies) {
                WhoAmI w = whoami(r);
                pods.add(w == null ? null : w.pod());
            }
            return new Batch(replies, pods, eastPods, westPods);
        }

        int n() {
            return replies.size();
        }

        long ok() {
            return replies.stream().filter(r -> r.sample().status() >= 200 && r.sample().status() < 300).count();
        }

        long fromWest() {
            return answeredBy(westPods);
        }

        long fromEast() {
            return answeredBy(eastPods);
        }

        long answeredBy(Set<String> some) {
            return pods.stream().filter(p -> p != null && some.contains(p)).count();
        }

        String statuses() {
            return new dev.meshdemo.scenarios.harness.HttpSample.Samples(replies.stream().map(ClientPod.Reply::sample).toList()).statuses();
        }

        String describe() {
            return String.format(Locale.ROOT, "n=%d %s, answered by east %d, by west %d", n(), statuses(), fromEast(), fromWest());
        }

        Map<String, Object> values() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("n", n());
            v.put("ok", ok());
            v.put("from_east", fromEast());
            v.put("from_west", fromWest());
            v.put("statuses", statuses());
            return v;
        }
    }

    /** The WhoAmI of a 200 reply, null otherwise. */
    static WhoAmI whoami(ClientPod.Reply r) {
        if (r.sample().status() != 200 || r.body().isEmpty()) {
            return null;
        }
        try {
            return HostHttp.JSON.readValue(r.body(), WhoAmI.class);
        } catch (Exception e) {
            return null;
        }
    }

    /** The nearest-rank percentile (0 < p <= 100) of times in seconds, in milliseconds; NaN when there are none. */
    static double percentileMs(List<Double> seconds, double p) {
        if (seconds.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(seconds);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) * 1000.0;
    }
}
