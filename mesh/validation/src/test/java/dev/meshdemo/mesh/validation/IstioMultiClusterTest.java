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
 * expose-services.yaml passes *.local through (AUTO_PASSTHROUGH).
 */
class IstioMultiClusterTest {
    private static final List<String> CLUSTERS = List.of("east", "west");

    /** The per-cluster files: [cluster.yaml, eastwest-gateway.yaml] for each cluster, then expose-services. */
    record Files3(List<JsonNode> clusters, List<JsonNode> gateways, JsonNode expose) {}

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
        return new Files3(clusters, gateways, read("expose-services.yaml"));
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
    void exposingWithTerminationIsCaught() throws IOException {
        assertCaught(f -> ((ObjectNode) f.expose().path("spec").path("servers").get(0).path("tls")).put("mode", "ISTIO_MUTUAL"), "AUTO_PASSTHROUGH");
    }
}
