package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What Istio 1.30.3's "multi-primary on different networks" procedure needs of mesh/multicluster/istio: the same
 * meshID in both clusters, a distinct clusterName and network each, and per network an east-west gateway that is
 * labelled with that network, keeps traffic in it (ISTIO_META_REQUESTED_NETWORK_VIEW) and exposes 15443, where
 * expose-services.yaml passes *.local through (AUTO_PASSTHROUGH). And what this suite's placement needs on top:
 * every Service of the suite's namespace cluster-local but product-service (both clusters run a postgres, and
 * multi-primary would otherwise merge them), and a named control-plane IstioOperator (istioctl's prune selects
 * by the owner's name; without one it deletes the east-west gateway's objects on a re-run).
 */
class IstioMultiClusterTest {
    private static final List<String> CLUSTERS = List.of("east", "west");

    /**
     * The per-cluster files: [cluster.yaml, eastwest-gateway.yaml] for each cluster, then expose-services; and the
     * Services of the suite's namespace, as the multi-cluster placement renders them.
     */
    record Files3(List<JsonNode> clusters, List<JsonNode> gateways, JsonNode expose, List<String> services) {}

    /** The one Service both clusters serve: east fails over to west's product pods. */
    static final String SHARED = "product-service";

    /**
     * Istio's decision for one host at 1.30.3 (pilot/pkg/model/cluster_local.go, MostSpecificHostMatch in
     * pilot/pkg/model/config.go): an exact host first, else the longest matching wildcard, else not cluster-local
     * (the defaults, kube-system and kubernetes.default, play no part here). A later entry for the same host wins.
     */
    static boolean isClusterLocal(JsonNode serviceSettings, String host) {
        Boolean exact = null;
        String wildcard = null;
        boolean wildcardLocal = false;
        for (JsonNode s : serviceSettings) {
            boolean local = s.path("settings").path("clusterLocal").asBoolean(false);
            for (JsonNode h : s.path("hosts")) {
                String pattern = h.asText();
                if (!pattern.startsWith("*")) {
                    if (pattern.equals(host)) {
                        exact = local;
                    }
                } else if (host.endsWith(pattern.substring(1))
                        && (wildcard == null || pattern.equals(wildcard) || pattern.length() > wildcard.length())) {
                    wildcard = pattern;
                    wildcardLocal = local;
                }
            }
        }
        return exact != null ? exact : wildcard != null && wildcardLocal;
    }

    /** Every Service of the namespace stays in its cluster, product-service excepted. */
    static List<String> clusterLocal(String cluster, JsonNode iop, List<String> services) {
        List<String> errors = new ArrayList<>();
        JsonNode settings = iop.path("spec").path("meshConfig").path("serviceSettings");
        for (String s : services) {
            String host = s + "." + Render.NAMESPACE + ".svc.cluster.local";
            boolean local = isClusterLocal(settings, host);
            if (s.equals(SHARED) && local) {
                errors.add(cluster + ": " + host + " is cluster-local (meshConfig.serviceSettings), so east cannot fail over to west's product pods");
            } else if (!s.equals(SHARED) && !local) {
                errors.add(cluster + ": " + host + " is not cluster-local (meshConfig.serviceSettings): multi-primary merges it"
                        + " with the other cluster's Service of that name, and its callers reach both clusters' pods");
            }
        }
        return errors;
    }

    /** The control plane's IstioOperator has a name of its own, so its prune leaves the east-west gateway alone. */
    static List<String> owner(String cluster, JsonNode iop, JsonNode gateway) {
        String name = iop.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            return List.of(cluster + ": the control plane's IstioOperator has no metadata.name: istioctl's prune would"
                    + " select the east-west gateway's objects too (no owning-resource label in its selector)");
        }
        if (name.equals(gateway.path("metadata").path("name").asText())) {
            return List.of(cluster + ": the control plane's IstioOperator is named '" + name + "' like the east-west gateway's");
        }
        return List.of();
    }

    private static List<String> services;

    /** The Services of the suite's namespace in the Istio placement of east (west keeps the same Services). */
    static synchronized List<String> services() {
        if (services == null) {
            services = MultiClusterPlacementTest.render("istio-east").all("", "Service")
                    .filter(o -> Render.NAMESPACE.equals(o.path("metadata").path("namespace").asText(Render.NAMESPACE)))
                    .map(o -> o.path("metadata").path("name").asText()).sorted().toList();
        }
        return services;
    }

    static List<String> check(Files3 f) {
        List<String> errors = new ArrayList<>();
        Set<String> meshIds = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> networks = new HashSet<>();
        for (int i = 0; i < f.clusters().size(); i++) {
            String c = CLUSTERS.get(i);
            JsonNode global = f.clusters().get(i).path("spec").path("values").path("global");
            String meshId = global.path("meshID").asText("");
            String name = global.path("multiCluster").path("clusterName").asText("");
            String network = global.path("network").asText("");
            if (meshId.isEmpty() || name.isEmpty() || network.isEmpty()) {
                errors.add(c + ": values.global needs meshID, multiCluster.clusterName and network");
            }
            meshIds.add(meshId);
            if (!names.add(name)) {
                errors.add(c + ": clusterName '" + name + "' is the other cluster's too");
            }
            if (!networks.add(network)) {
                errors.add(c + ": network '" + network + "' is the other cluster's too (different networks need an east-west gateway each)");
            }
            errors.addAll(gateway(c, network, f.gateways().get(i)));
            errors.addAll(clusterLocal(c, f.clusters().get(i), f.services()));
            errors.addAll(owner(c, f.clusters().get(i), f.gateways().get(i)));
        }
        if (meshIds.size() != 1) {
            errors.add("the clusters name different meshIDs " + meshIds + ": one mesh needs one meshID");
        }
        JsonNode server = f.expose().path("spec").path("servers").path(0);
        if (!f.expose().path("spec").path("selector").path("istio").asText().equals("eastwestgateway")
                || server.path("port").path("number").asInt() != 15443
                || !server.path("tls").path("mode").asText().equals("AUTO_PASSTHROUGH")
                || !server.path("hosts").toString().contains("\"*.local\"")) {
            errors.add("expose-services.yaml must select istio=eastwestgateway and pass *.local through on 15443 (AUTO_PASSTHROUGH)");
        }
        return errors;
    }

    static List<String> gateway(String cluster, String network, JsonNode iop) {
        List<String> errors = new ArrayList<>();
        JsonNode gw = null;
        for (JsonNode g : iop.path("spec").path("components").path("ingressGateways")) {
            if (g.path("label").path("istio").asText().equals("eastwestgateway") && g.path("enabled").asBoolean(false)) {
                gw = g;
            }
        }
        if (gw == null) {
            return List.of(cluster + ": no enabled east-west gateway (label istio=eastwestgateway)");
        }
        if (!gw.path("label").path("topology.istio.io/network").asText().equals(network)) {
            errors.add(cluster + ": the east-west gateway's topology.istio.io/network label is not its network " + network);
        }
        if (!iop.path("spec").path("values").path("global").path("network").asText().equals(network)) {
            errors.add(cluster + ": the east-west gateway's values.global.network is not " + network);
        }
        boolean view = false;
        for (JsonNode e : gw.path("k8s").path("env")) {
            view |= e.path("name").asText().equals("ISTIO_META_REQUESTED_NETWORK_VIEW") && e.path("value").asText().equals(network);
        }
        if (!view) {
            errors.add(cluster + ": the east-west gateway lacks ISTIO_META_REQUESTED_NETWORK_VIEW=" + network);
        }
        boolean tls = false;
        for (JsonNode p : gw.path("k8s").path("service").path("ports")) {
            tls |= p.path("port").asInt() == 15443 && p.path("targetPort").asInt() == 15443;
        }
        if (!tls) {
            errors.add(cluster + ": the east-west gateway's Service does not expose 15443");
        }
        return errors;
    }

    private static JsonNode read(String path) throws IOException {
        return new YAMLMapper().readTree(Files.readString(Repo.mesh().resolve("multicluster/istio/" + path)));
    }

    static Files3 files() throws IOException {
        List<JsonNode> clusters = new ArrayList<>();
        List<JsonNode> gateways = new ArrayList<>();
        for (String c : CLUSTERS) {
            clusters.add(read(c + "/cluster.yaml"));
            gateways.add(read(c + "/eastwest-gateway.yaml"));
        }
        return new Files3(clusters, gateways, read("expose-services.yaml"), services());
    }

    private static void assertCaught(Consumer<Files3> breakIt, String expected) throws IOException {
        Files3 f = files();
        breakIt.accept(f);
        List<String> errors = check(f);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected '" + expected + "', got " + errors);
    }

    private static ObjectNode global(Files3 f, int i) {
        return (ObjectNode) f.clusters().get(i).path("spec").path("values").path("global");
    }

    private static ObjectNode eastWest(Files3 f, int i) {
        return (ObjectNode) f.gateways().get(i).path("spec").path("components").path("ingressGateways").get(0);
    }

    @Test
    void theFilesFollowTheProcedure() throws IOException {
        assertEquals(List.of(), check(files()));
    }

    @Test
    void differentMeshIdsAreCaught() throws IOException {
        assertCaught(f -> global(f, 1).put("meshID", "other"), "different meshIDs");
    }

    @Test
    void aSharedClusterNameIsCaught() throws IOException {
        assertCaught(f -> ((ObjectNode) global(f, 1).path("multiCluster")).put("clusterName", "east"), "clusterName 'east' is the other cluster's");
    }

    @Test
    void aSharedNetworkIsCaught() throws IOException {
        assertCaught(f -> global(f, 1).put("network", "network-east"), "network 'network-east' is the other cluster's");
    }

    @Test
    void aMissingMeshIdIsCaught() throws IOException {
        assertCaught(f -> global(f, 0).remove("meshID"), "east: values.global needs meshID");
    }

    @Test
    void aMissingGatewayIsCaught() throws IOException {
        assertCaught(f -> ((ArrayNode) f.gateways().get(1).path("spec").path("components").path("ingressGateways")).removeAll(), "west: no enabled east-west gateway");
    }

    @Test
    void aGatewayLabelledWithTheWrongNetworkIsCaught() throws IOException {
        assertCaught(f -> ((ObjectNode) eastWest(f, 0).path("label")).put("topology.istio.io/network", "network-west"), "east: the east-west gateway's topology.istio.io/network");
    }

    @Test
    void aGatewayWithout15443IsCaught() throws IOException {
        assertCaught(f -> ((ArrayNode) eastWest(f, 1).path("k8s").path("service").path("ports")).remove(1), "west: the east-west gateway's Service does not expose 15443");
    }

    @Test
    void aGatewayWithoutTheNetworkViewIsCaught() throws IOException {
        assertCaught(f -> ((ArrayNode) eastWest(f, 0).path("k8s").path("env")).removeAll(), "ISTIO_META_REQUESTED_NETWORK_VIEW");
    }

    @Test
    void theSuitesServicesIncludeBothDatabasesCallers() {
        // The rule is only as good as the list: postgres (which both clusters run) and product-service must be in it.
        assertTrue(services().containsAll(List.of("postgres", SHARED, "order-service", "cart-service")), services().toString());
    }

    @Test
    void theClusterLocalRuleFollowsIstiosMostSpecificHost() throws IOException {
        JsonNode settings = new YAMLMapper().readTree("""
                - {settings: {clusterLocal: true}, hosts: ["*.meshdemo.svc.cluster.local"]}
                - {settings: {clusterLocal: false}, hosts: [product-service.meshdemo.svc.cluster.local]}
                - {settings: {clusterLocal: false}, hosts: ["*.svc.cluster.local"]}
                """);
        assertTrue(isClusterLocal(settings, "postgres.meshdemo.svc.cluster.local"), "the longer wildcard wins");
        assertTrue(!isClusterLocal(settings, "product-service.meshdemo.svc.cluster.local"), "the exact host wins");
        assertTrue(!isClusterLocal(settings, "postgres.other.svc.cluster.local"));
        assertTrue(!isClusterLocal(new YAMLMapper().createArrayNode(), "postgres.meshdemo.svc.cluster.local"), "no match: merged");
    }

    @Test
    void aClusterWithoutServiceSettingsIsCaught() throws IOException {
        assertCaught(f -> ((ObjectNode) f.clusters().get(0).path("spec")).remove("meshConfig"),
                "east: postgres.meshdemo.svc.cluster.local is not cluster-local");
    }

    @Test
    void productServiceClusterLocalIsCaught() throws IOException {
        assertCaught(f -> ((ArrayNode) f.clusters().get(1).path("spec").path("meshConfig").path("serviceSettings")).remove(1),
                "west: product-service.meshdemo.svc.cluster.local is cluster-local");
    }

    @Test
    void onlyPostgresClusterLocalIsCaught() throws IOException {
        // The narrower form (postgres only) is refused too: any Service west comes to run besides product-service
        // would then be merged across the clusters without anyone deciding it.
        assertCaught(f -> ((ObjectNode) f.clusters().get(0).path("spec").path("meshConfig").path("serviceSettings").get(0))
                .set("hosts", new YAMLMapper().createArrayNode().add("postgres.meshdemo.svc.cluster.local")),
                "east: order-service.meshdemo.svc.cluster.local is not cluster-local");
    }

    @Test
    void anUnnamedControlPlaneIsCaught() throws IOException {
        assertCaught(f -> ((ObjectNode) f.clusters().get(1)).remove("metadata"), "west: the control plane's IstioOperator has no metadata.name");
        assertCaught(f -> ((ObjectNode) f.clusters().get(0).path("metadata")).put("name", "eastwest"), "named 'eastwest' like the east-west gateway's");
    }

    @Test
    void exposingWithTerminationIsCaught() throws IOException {
        assertCaught(f -> ((ObjectNode) f.expose().path("spec").path("servers").get(0).path("tls")).put("mode", "ISTIO_MUTUAL"), "AUTO_PASSTHROUGH");
    }
}
