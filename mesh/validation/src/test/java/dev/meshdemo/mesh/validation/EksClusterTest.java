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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * mesh/eks/cluster.yaml (eksctl ClusterConfig) gives the suite what it needs on EKS: the pod identity agent when
 * add-ons get their permissions through pod identity associations, a default StorageClass (EKS >= 1.30 has none)
 * for PostgreSQL's volume claim, and a header comment that states the node count the file asks for.
 */
class EksClusterTest {
    private static final Map<String, Integer> NUMBERS = Map.of("One", 1, "Two", 2, "Three", 3, "Four", 4, "Five", 5, "Six", 6);

    static List<String> check(String text, JsonNode config) {
        List<String> errors = new ArrayList<>();
        List<String> addons = new ArrayList<>();
        config.path("addons").forEach(a -> addons.add(a.path("name").asText()));
        boolean podIdentity = config.path("addonsConfig").path("autoApplyPodIdentityAssociations").asBoolean(false)
                || config.path("iam").has("podIdentityAssociations")
                || stream(config.path("addons")).anyMatch(a -> a.has("podIdentityAssociations") || a.path("useDefaultPodIdentityAssociations").asBoolean(false));
        if (podIdentity && !addons.contains("eks-pod-identity-agent")) {
            errors.add("pod identity associations are used but the eks-pod-identity-agent add-on is missing");
        }
        String[] version = config.path("metadata").path("version").asText("0.0").split("\\.");
        int minor = Integer.parseInt(version[1]);
        JsonNode ebs = stream(config.path("addons")).filter(a -> a.path("name").asText().equals("aws-ebs-csi-driver")).findFirst().orElse(null);
        boolean defaultClass = false;
        if (ebs != null) {
            try {
                JsonNode values = new YAMLMapper().readTree(ebs.path("configurationValues").asText("{}"));
                defaultClass = values != null && values.path("defaultStorageClass").path("enabled").asBoolean(false);
            } catch (IOException e) {
                errors.add("aws-ebs-csi-driver configurationValues is not YAML/JSON: " + e.getMessage());
            }
        }
        if (minor >= 30 && !defaultClass) {
            errors.add("EKS 1." + minor + " has no default StorageClass: enable the aws-ebs-csi-driver add-on's defaultStorageClass");
        }
        // The images are pushed per architecture (`make push` pushes the machine's own): the group's name says which
        // architecture it runs, so the docs can tell participants which group fits the images they pushed.
        for (JsonNode g : config.path("managedNodeGroups")) {
            String type = g.path("instanceType").asText("");
            String arch = architectureOf(type);
            if (!g.path("name").asText().endsWith("-" + arch)) {
                errors.add("node group " + g.path("name").asText() + " runs " + type + ", an " + arch
                        + " type: name it ...-" + arch + " so the architecture to push is visible");
            }
        }
        Matcher m = Pattern.compile("(?m)^#.*?\\b(One|Two|Three|Four|Five|Six) managed nodes").matcher(text);
        int desired = stream(config.path("managedNodeGroups")).mapToInt(g -> g.path("desiredCapacity").asInt(0)).sum();
        if (!m.find()) {
            errors.add("the header comment does not say how many managed nodes the cluster gets");
        } else if (NUMBERS.get(m.group(1)) != desired) {
            errors.add("the header comment says " + m.group(1) + " managed nodes, desiredCapacity adds up to " + desired);
        }
        return errors;
    }

    /** arm64 for the Graviton families (a1, and m7g, c6gd, t4g ...: a "g" after the generation), else amd64. */
    static String architectureOf(String instanceType) {
        String family = instanceType.contains(".") ? instanceType.substring(0, instanceType.indexOf('.')) : instanceType;
        return family.equals("a1") || family.matches("[a-z]+[0-9]+g[a-z]*") ? "arm64" : "amd64";
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static String text() throws IOException {
        return Files.readString(Repo.mesh().resolve("eks/cluster.yaml"));
    }

    private static ObjectNode config(String text) throws IOException {
        return (ObjectNode) new YAMLMapper().readTree(text);
    }

    private static void assertCaught(Consumer<ObjectNode> breakIt, String expected) throws IOException {
        assertEquals(List.of(), check(text(), config(text())));
        ObjectNode broken = config(text());
        breakIt.accept(broken);
        List<String> errors = check(text(), broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected '" + expected + "', got " + errors);
    }

    private static void removeAddon(ObjectNode c, String name) {
        ArrayNode addons = (ArrayNode) c.path("addons");
        for (int i = addons.size() - 1; i >= 0; i--) {
            if (addons.get(i).path("name").asText().equals(name)) {
                addons.remove(i);
            }
        }
    }

    @Test
    void theClusterFileGivesTheSuiteWhatItNeeds() throws IOException {
        assertEquals(List.of(), check(text(), config(text())));
    }

    @Test
    void missingPodIdentityAgentIsCaught() throws IOException {
        assertCaught(c -> removeAddon(c, "eks-pod-identity-agent"), "eks-pod-identity-agent add-on is missing");
    }

    @Test
    void missingDefaultStorageClassIsCaught() throws IOException {
        assertCaught(c -> stream(c.path("addons")).filter(a -> a.path("name").asText().equals("aws-ebs-csi-driver"))
                .forEach(a -> ((ObjectNode) a).remove("configurationValues")), "has no default StorageClass");
    }

    @Test
    void aNodeGroupNamedForAnotherArchitectureIsCaught() throws IOException {
        assertCaught(c -> ((ObjectNode) c.path("managedNodeGroups").get(0)).put("instanceType", "m6i.large"), "an amd64 type");
    }

    @Test
    void instanceTypesAreToldApartByArchitecture() {
        for (String arm : List.of("m7g.large", "c6gd.xlarge", "t4g.medium", "a1.large", "r8g.large")) {
            assertEquals("arm64", architectureOf(arm), arm);
        }
        for (String amd : List.of("m6i.large", "m5.large", "c7a.large", "t3.medium", "m7i-flex.large")) {
            assertEquals("amd64", architectureOf(amd), amd);
        }
    }

    @Test
    void nodeCountCommentDisagreeingWithDesiredCapacityIsCaught() throws IOException {
        assertCaught(c -> ((ObjectNode) c.path("managedNodeGroups").get(0)).put("desiredCapacity", 2), "desiredCapacity adds up to 2");
    }
}
