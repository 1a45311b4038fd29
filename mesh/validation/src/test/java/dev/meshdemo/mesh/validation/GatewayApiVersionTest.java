package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One Gateway API version: the repository agrees with itself and with the CRDs read; each kind of drift is caught. */
class GatewayApiVersionTest {

    private static GatewayApiVersion.Sources repo() {
        return GatewayApiVersion.fromRepo(CrdSchemas.load());
    }

    private static GatewayApiVersion.Sources copy(GatewayApiVersion.Sources s) {
        List<com.fasterxml.jackson.databind.JsonNode> crds = new ArrayList<>();
        s.crds().forEach(c -> crds.add(c.deepCopy()));
        return new GatewayApiVersion.Sources(new LinkedHashMap<>(s.makeFiles()), new LinkedHashMap<>(s.docs()),
                new LinkedHashMap<>(s.checksums()), crds);
    }

    private static void assertCaught(Consumer<GatewayApiVersion.Sources> breakIt, String expected) {
        GatewayApiVersion.Sources good = repo();
        assertEquals(List.of(), GatewayApiVersion.check(good), "the repository must pass");
        GatewayApiVersion.Sources broken = copy(good);
        breakIt.accept(broken);
        List<String> errors = GatewayApiVersion.check(broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected an error containing '" + expected + "', got " + errors);
    }

    private static void edit(Map<String, String> files, String file, String from, String to) {
        String text = files.get(file);
        assertTrue(text != null && text.contains(from), file + " must contain '" + from + "'");
        files.put(file, text.replace(from, to));
    }

    @Test
    void theRepositoryPinsOneVersionAndReadsItsCrds() {
        GatewayApiVersion.Sources s = repo();
        assertTrue(s.crds().size() >= 5, "Gateway API CRDs read: " + s.crds().size());
        assertEquals(List.of(), GatewayApiVersion.check(s));
    }

    @Test
    void crdsOfAnotherBundleVersionAreCaught() {
        assertCaught(s -> ((ObjectNode) s.crds().get(0).path("metadata").path("annotations")).put(GatewayApiVersion.BUNDLE_VERSION, "v1.2.1"),
                "has gateway.networking.k8s.io/bundle-version v1.2.1, GATEWAY_API_VERSION is v1.5.1");
    }

    @Test
    void anotherVariableValueIsCaught() {
        assertCaught(s -> edit(s.makeFiles(), "mk/mesh.mk", "GATEWAY_API_VERSION := v1.5.1", "GATEWAY_API_VERSION := v1.6.1"),
                "GATEWAY_API_VERSION is v1.6.1");
    }

    @Test
    void aLiteralVersionInAMakeRecipeIsCaught() {
        assertCaught(s -> s.makeFiles().put("mk/extra.mk", "crds:\n\tmesh/fetch-crds.sh target/mesh-crds 1.30.3 2.20 v1.6.1\n"),
                "mk/extra.mk:2 names Gateway API v1.6.1");
    }

    @Test
    void passingTheVariableOnIsNoDefinition() {
        GatewayApiVersion.Sources s = copy(repo());
        s.makeFiles().put("mk/extra.mk", "CRDS_ENV = ISTIO_VERSION=$(ISTIO_VERSION) \\\n  GATEWAY_API_VERSION=$(GATEWAY_API_VERSION)\n");
        assertEquals(List.of(), GatewayApiVersion.check(s));
    }

    @Test
    void aSecondDefinitionIsCaught() {
        assertCaught(s -> s.makeFiles().put("mk/extra.mk", "GATEWAY_API_VERSION ?= v1.2.1\n"), "must be defined once");
    }

    @Test
    void docsPinningAnotherVersionAreCaught() {
        assertCaught(s -> s.docs().put("docs/extra.md", "kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml\n"),
                "docs/extra.md pins Gateway API v1.2.1");
    }

    @Test
    void quotingTheRefusalOfAnotherVersionPinsNothingButProseDoes() {
        GatewayApiVersion.Sources s = copy(repo());
        s.docs().put("docs/extra.md", "| stops with `error: Gateway API v1.5.0 is installed in kind-meshdemo-east; this suite pins v1.5.1` | ...\n");
        assertEquals(List.of(), GatewayApiVersion.check(s));
        assertCaught(t -> t.docs().put("docs/extra.md", "The clusters run Gateway API v1.5.0 is installed by hand.\n"),
                "docs/extra.md pins Gateway API v1.5.0");
        assertCaught(t -> t.docs().put("docs/extra.md", "error: Gateway API v1.5.0 and later\n"), "docs/extra.md pins Gateway API v1.5.0");
    }

    @Test
    void checksumsOfAnotherVersionAreCaught() {
        assertCaught(s -> s.checksums().put("mesh/crds.sha256", "0000  gateway-api-v1.6.1-standard-crds.yaml\n"),
                "checks Gateway API CRDs v1.6.1");
    }
}
