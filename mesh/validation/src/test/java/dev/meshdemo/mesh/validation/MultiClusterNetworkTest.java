package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The two clusters of the multi-cluster part (mesh/multicluster/kind, mesh/multicluster/eks): each address range
 * names one cluster (a pod or service CIDR that overlaps the peer's makes cross-cluster endpoints ambiguous), the
 * kind nodes carry region/zone labels that make each cluster a locality of its own (Istio's failover itself orders
 * by network, MultiClusterPlacementTest), and each EKS file passes the single cluster's rules (EksClusterTest).
 */
class MultiClusterNetworkTest {
    private static final List<String> CLUSTERS = List.of("east", "west");

    /** An IPv4 CIDR as [first, last] address. */
    static long[] range(String cidr) {
        String[] parts = cidr.split("/");
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4 || parts.length != 2) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        long address = 0;
        for (String o : octets) {
            address = address * 256 + Integer.parseInt(o);
        }
        int bits = Integer.parseInt(parts[1]);
        long size = 1L << (32 - bits);
        long first = address & ~(size - 1) & 0xffffffffL;
        return new long[] {first, first + size - 1};
    }

    static boolean overlap(String a, String b) {
        long[] x = range(a);
        long[] y = range(b);
        return x[0] <= y[1] && y[0] <= x[1];
    }

    /** Every pair of ranges (named "cluster kind") must be disjoint. */
    static List<String> disjoint(List<String> names, List<String> cidrs) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            if (cidrs.get(i).isEmpty()) {
                errors.add(names.get(i) + " is not set (kind's default would be the same in both clusters)");
                continue;
            }
            for (int j = i + 1; j < cidrs.size(); j++) {
                if (!cidrs.get(j).isEmpty() && overlap(cidrs.get(i), cidrs.get(j))) {
                    errors.add(names.get(i) + " " + cidrs.get(i) + " overlaps " + names.get(j) + " " + cidrs.get(j));
                }
            }
        }
        return errors;
    }

    static List<String> checkKind(List<JsonNode> configs) {
        List<String> names = new ArrayList<>();
        List<String> cidrs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            JsonNode c = configs.get(i);
            String cluster = CLUSTERS.get(i);
            if (!c.path("name").asText().equals("meshdemo-" + cluster)) {
                errors.add("kind/" + cluster + ".yaml names the cluster '" + c.path("name").asText() + "', not meshdemo-" + cluster);
            }
            names.add(cluster + " podSubnet");
            cidrs.add(c.path("networking").path("podSubnet").asText(""));
            names.add(cluster + " serviceSubnet");
            cidrs.add(c.path("networking").path("serviceSubnet").asText(""));
            for (JsonNode node : c.path("nodes")) {
                JsonNode labels = node.path("labels");
                if (!labels.path("topology.kubernetes.io/region").asText().equals(cluster) || !labels.has("topology.kubernetes.io/zone")) {
                    errors.add(cluster + ": a node without topology.kubernetes.io/region=" + cluster + " and a zone (each cluster a locality of its own)");
                }
            }
        }
        errors.addAll(disjoint(names, cidrs));
        return errors;
    }

    static List<String> checkEks(List<String> texts, List<JsonNode> configs) {
        List<String> names = new ArrayList<>();
        List<String> cidrs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            String cluster = CLUSTERS.get(i);
            JsonNode c = configs.get(i);
            EksClusterTest.check(texts.get(i), c).forEach(e -> errors.add(cluster + ": " + e));
            names.add(cluster + " vpc.cidr");
            cidrs.add(c.path("vpc").path("cidr").asText(""));
            names.add(cluster + " serviceIPv4CIDR");
            cidrs.add(c.path("kubernetesNetworkConfig").path("serviceIPv4CIDR").asText(""));
        }
        errors.addAll(disjoint(names, cidrs));
        return errors;
    }

    private static String text(String dir, String cluster) throws IOException {
        return Files.readString(Repo.mesh().resolve("multicluster/" + dir + "/" + cluster + ".yaml"));
    }

    private static List<JsonNode> configs(String dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String c : CLUSTERS) {
            out.add(new YAMLMapper().readTree(text(dir, c)));
        }
        return out;
    }

    private static List<String> texts() throws IOException {
        List<String> out = new ArrayList<>();
        for (String c : CLUSTERS) {
            out.add(text("eks", c));
        }
        return out;
    }

    private static void assertKindCaught(Consumer<List<JsonNode>> breakIt, String expected) throws IOException {
        List<JsonNode> broken = configs("kind");
        breakIt.accept(broken);
        List<String> errors = checkKind(broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected '" + expected + "', got " + errors);
    }

    private static void assertEksCaught(Consumer<List<JsonNode>> breakIt, String expected) throws IOException {
        List<JsonNode> broken = configs("eks");
        breakIt.accept(broken);
        List<String> errors = checkEks(texts(), broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected '" + expected + "', got " + errors);
    }

    @Test
    void theKindClustersHaveDisjointRangesAndLocalityLabels() throws IOException {
        assertEquals(List.of(), checkKind(configs("kind")));
    }

    @Test
    void theEksClustersHaveDisjointRangesAndPassTheSingleClusterRules() throws IOException {
        assertEquals(List.of(), checkEks(texts(), configs("eks")));
    }

    @Test
    void overlapIsArithmetic() {
        assertTrue(overlap("10.10.0.0/16", "10.10.128.0/17"));
        assertTrue(overlap("10.96.0.0/12", "10.100.0.0/16"));
        assertTrue(!overlap("10.10.0.0/16", "10.11.0.0/16"));
    }

    @Test
    void thePeersPodSubnetIsCaught() throws IOException {
        assertKindCaught(c -> ((ObjectNode) c.get(1).path("networking")).put("podSubnet", "10.10.64.0/18"), "overlaps");
    }

    @Test
    void kindsDefaultServiceSubnetIsCaught() throws IOException {
        assertKindCaught(c -> ((ObjectNode) c.get(0).path("networking")).remove("serviceSubnet"), "east serviceSubnet is not set");
    }

    @Test
    void aNodeWithoutRegionIsCaught() throws IOException {
        assertKindCaught(c -> ((ObjectNode) c.get(1).path("nodes").get(0).path("labels")).remove("topology.kubernetes.io/region"), "west: a node without");
    }

    @Test
    void aWrongClusterNameIsCaught() throws IOException {
        assertKindCaught(c -> ((ObjectNode) c.get(0)).put("name", "meshdemo"), "not meshdemo-east");
    }

    @Test
    void overlappingVpcsAreCaught() throws IOException {
        assertEksCaught(c -> ((ObjectNode) c.get(1).path("vpc")).put("cidr", "10.10.0.0/16"), "east vpc.cidr 10.10.0.0/16 overlaps west vpc.cidr");
    }

    @Test
    void aVpcOverlappingThePeersServicesIsCaught() throws IOException {
        assertEksCaught(c -> ((ObjectNode) c.get(0).path("vpc")).put("cidr", "172.16.0.0/12"), "overlaps");
    }

    @Test
    void theSingleClusterRulesApplyToEach() throws IOException {
        assertEksCaught(c -> ((ObjectNode) c.get(1).path("managedNodeGroups").get(0)).put("desiredCapacity", 3), "west: the header comment says Two");
    }
}
