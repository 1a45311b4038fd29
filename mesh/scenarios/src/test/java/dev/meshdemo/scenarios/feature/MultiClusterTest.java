package dev.meshdemo.scenarios.feature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshdemo.common.identity.PeerIdentity;
import dev.meshdemo.common.identity.WhoAmIResource.WhoAmI;
import dev.meshdemo.mesh.validation.CrdSchemas;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Contrast;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Settings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-cluster scenarios' pure parts: the contexts they read, the objects they apply (valid against the pinned
 * CRDs, naming the overlay's objects), and their verdicts (each prediction against what would break it).
 */
class MultiClusterTest {
    static final String NS = "meshdemo";
    static final Set<String> EAST_PODS = Set.of("product-service-v1-aaa", "product-service-v2-bbb");
    static final Set<String> WEST_PODS = Set.of("product-service-v1-www", "product-service-v2-xxx");

    // ------------------------------------------------------------------------------------------- contexts
    @Test
    void contextsDefaultToKindsAndTakeOverrides() {
        assertEquals(new MultiCluster.Contexts("kind-meshdemo-east", "kind-meshdemo-west"), MultiCluster.Contexts.fromEnvironment(Map.of()));
        assertEquals(new MultiCluster.Contexts("a", "b"),
                MultiCluster.Contexts.fromEnvironment(Map.of("MC_CONTEXT_EAST", " a ", "MC_CONTEXT_WEST", "b")));
        assertEquals(new MultiCluster.Contexts("kind-meshdemo-east", "b"),
                MultiCluster.Contexts.fromEnvironment(Map.of("MC_CONTEXT_EAST", "", "MC_CONTEXT_WEST", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> MultiCluster.Contexts.fromEnvironment(Map.of("MC_CONTEXT_EAST", "x", "MC_CONTEXT_WEST", "x")));
    }

    @Test
    void onlyTheTwoMeshesInstalledOverTwoClusters() {
        assertTrue(MultiCluster.supported(Mesh.ISTIO) && MultiCluster.supported(Mesh.LINKERD));
        assertFalse(MultiCluster.supported(Mesh.ISTIO_AMBIENT) || MultiCluster.supported(Mesh.PLAIN));
    }

    // --------------------------------------------------------------------------- what the scenarios apply
    static List<JsonNode> docs(String yaml) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static List<String> crdErrors(String yaml) throws Exception {
        CrdSchemas crds = CrdSchemas.load();
        List<String> errors = new ArrayList<>();
        for (JsonNode o : docs(yaml)) {
            errors.addAll(crds.validate(o));
        }
        return errors;
    }

    @Test
    void everyObjectValidatesAgainstThePinnedCrds() throws Exception {
        for (Mesh mesh : List.of(Mesh.ISTIO, Mesh.LINKERD)) {
            for (boolean west : List.of(false, true)) {
                assertEquals(List.of(), crdErrors(MultiCluster.grants(mesh, NS, west)), mesh + " west=" + west);
            }
        }
        assertEquals(List.of(), crdErrors(MultiCluster.linkerdFailoverRoute(NS)));
        // The validator is not blind: a field the CRD lacks is an error.
        assertFalse(crdErrors(MultiCluster.linkerdFailoverRoute(NS).replace("weight: 1}", "weight: 1, failover: true}")).isEmpty());
    }

    @Test
    void istioGrantsTheClientsOwnIdentityInBothClusters() {
        String east = MultiCluster.grants(Mesh.ISTIO, NS, false);
        assertEquals(east, MultiCluster.grants(Mesh.ISTIO, NS, true), "west's sidecar sees the east client's own SPIFFE id");
        String principal = Mesh.ISTIO.identityOf(MultiCluster.CLIENT_SA, NS).substring("spiffe://".length());
        assertTrue(east.contains("principals: [" + principal + "]"), east);
        assertTrue(east.contains("paths: [/whoami, /products, \"/products/{*}\"]") && east.contains("app: product-service"), east);
    }

    @Test
    void linkerdGrantsTheClientInEastAndWestsGatewayInWest() throws Exception {
        List<HasMetadata> east = Kustomize.parse(MultiCluster.grants(Mesh.LINKERD, NS, false));
        List<HasMetadata> west = Kustomize.parse(MultiCluster.grants(Mesh.LINKERD, NS, true));
        assertEquals(5, east.size());
        assertTrue(MultiCluster.grants(Mesh.LINKERD, NS, false).contains("identityRefs: [{kind: ServiceAccount, name: scenario-multicluster}]"));
        assertTrue(MultiCluster.grants(Mesh.LINKERD, NS, true).contains(
                "identityRefs: [{kind: ServiceAccount, name: linkerd-gateway, namespace: linkerd-multicluster}]"));
        assertEquals(MultiCluster.LINKERD_GATEWAY_IDENTITY, Mesh.LINKERD.identityOf("linkerd-gateway", "linkerd-multicluster"),
                "the identity west's pods see is the gateway ServiceAccount's, as the grant names it");
        assertEquals(names(east), names(west));
        // The routes the grants target: their own, and the overlay's for GET /products/{id} and GET /products on the
        // Server product-service (so a renamed overlay route breaks this test, not the scenario on a cluster).
        var overlay = Kustomize.render(Settings.repoRoot(""), Mesh.LINKERD, List.of(), "");
        Set<String> routes = overlay.stream().filter(o -> o.getKind().equals("HTTPRoute")).map(o -> o.getMetadata().getName())
                .collect(Collectors.toSet());
        routes.add("scenario-multicluster-whoami");
        Set<String> servers = overlay.stream().filter(o -> o.getKind().equals("Server")).map(o -> o.getMetadata().getName())
                .collect(Collectors.toSet());
        assertTrue(servers.contains("product-service"), servers.toString());
        List<String> targets = new ArrayList<>();
        for (JsonNode o : docs(MultiCluster.grants(Mesh.LINKERD, NS, false))) {
            if (o.path("kind").asText().equals("AuthorizationPolicy")) {
                targets.add(o.at("/spec/targetRef/name").asText());
            }
        }
        assertEquals(List.of("scenario-multicluster-whoami", "product-service-item", "product-service-list"), targets);
        assertTrue(routes.containsAll(targets), "targets routes that exist: " + targets);
        assertFalse(routes.contains("product-service-items"), "the check can fail");
    }

    static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();
    }

    @Test
    void theLinkerdFailoverRouteTakesOnlyTheScenariosRequests() throws Exception {
        JsonNode route = docs(MultiCluster.linkerdFailoverRoute(NS)).get(0);
        JsonNode parent = route.at("/spec/parentRefs/0");
        assertEquals("Service", parent.path("kind").asText());
        assertEquals("product-service", parent.path("name").asText());
        assertEquals(3001, parent.path("port").asInt());
        JsonNode rule = route.at("/spec/rules/0");
        assertEquals(2, rule.path("matches").size());
        for (JsonNode m : rule.path("matches")) {
            assertEquals(MultiCluster.FAILOVER_HEADER, m.at("/headers/0/name").asText(), "every match needs the scenario's header: " + m);
            assertEquals(MultiCluster.FAILOVER_HEADER_VALUE, m.at("/headers/0/value").asText());
        }
        List<String> backends = new ArrayList<>();
        rule.path("backendRefs").forEach(b -> backends.add(b.path("name").asText() + ":" + b.path("port").asInt() + "@" + b.path("weight").asInt()));
        assertEquals(List.of("product-service:3001@99", "product-service-west:3001@1"), backends);
        // The parent and east's own backend exist in the overlay east deploys.
        var services = Kustomize.render(Settings.repoRoot(""), Mesh.LINKERD, List.of(), "").stream()
                .filter(o -> o.getKind().equals("Service")).map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
        assertTrue(services.contains("product-service"), services.toString());
    }

    @Test
    void theUnmeshedControlAddressesWestsProductServiceThroughTheGateway() {
        List<String> istio = MultiCluster.unmeshedThroughGateway(Mesh.ISTIO, NS, "172.18.0.5");
        String sni = "outbound_.3001_._.product-service.meshdemo.svc.cluster.local";
        assertEquals(List.of("https://" + sni + ":15443/whoami", "--insecure", "--connect-to", sni + ":15443:172.18.0.5:15443"), istio);
        assertFalse(istio.contains("--cert"), "no client certificate: that is the control");
        assertEquals(List.of("http://gw.example:4143/whoami", "--header", "Host: product-service.meshdemo.svc.cluster.local:3001"),
                MultiCluster.unmeshedThroughGateway(Mesh.LINKERD, NS, "gw.example"));
    }

    // ------------------------------------------------------------------------------------------ verdicts
    static WhoAmI who(String pod, String identity, String source) {
        return new WhoAmI("product-service", "v1", pod, NS, new PeerIdentity(identity, source));
    }

    static MulticlusterIdentityScenario.Call answered(WhoAmI w) {
        return new MulticlusterIdentityScenario.Call(new HttpSample(200, 0.01, 0, "product-service"), w);
    }

    static MulticlusterIdentityScenario.Call notAnswered(int exit) {
        return new MulticlusterIdentityScenario.Call(new HttpSample(0, 0.01, exit, ""), null);
    }

    @Test
    void identityNeedsAWestPodAndThePeerClustersIdentity() {
        for (Mesh mesh : List.of(Mesh.ISTIO, Mesh.LINKERD)) {
            String id = MulticlusterIdentityScenario.expectedIdentity(mesh, NS);
            String source = mesh.identitySource();
            var treated = MulticlusterIdentityScenario.servedByWestWithIdentity(mesh, NS, WEST_PODS);
            var refused = MulticlusterIdentityScenario.refusedAtWest(mesh);
            var good = answered(who("product-service-v1-www", id, source));
            assertTrue(treated.holds(good), mesh.id());
            assertFalse(treated.holds(answered(who("product-service-v1-aaa", id, source))), "served in east");
            assertFalse(treated.holds(answered(who("product-service-v1-www", "spiffe://cluster.local/ns/meshdemo/sa/other", source))));
            assertFalse(treated.holds(answered(who("product-service-v1-www", null, null))), "no identity");
            int refusedExit = 56;
            assertTrue(Contrast.evaluate(treated, good, refused, notAnswered(refusedExit)).passed(), mesh.id());
            // The control must be a refusal by west, not a path that never reached it.
            for (int networkFailure : List.of(6, 7, 28)) {
                assertFalse(Contrast.evaluate(treated, good, refused, notAnswered(networkFailure)).passed(), "curl exit " + networkFailure);
            }
            // A control that was answered by west means the refusal did not happen.
            assertFalse(Contrast.evaluate(treated, good, refused, good).passed());
        }
        assertEquals("spiffe://cluster.local/ns/meshdemo/sa/scenario-multicluster", MulticlusterIdentityScenario.expectedIdentity(Mesh.ISTIO, NS));
        assertEquals("linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local",
                MulticlusterIdentityScenario.expectedIdentity(Mesh.LINKERD, NS));
        var linkerdRefused = MulticlusterIdentityScenario.refusedAtWest(Mesh.LINKERD);
        assertTrue(linkerdRefused.holds(new MulticlusterIdentityScenario.Call(new HttpSample(403, 0.01, 0, ""), null)));
        assertFalse(linkerdRefused.holds(new MulticlusterIdentityScenario.Call(new HttpSample(403, 0.01, 0, "product-service"), null)),
                "a 403 of the app is not the gateway's refusal");
        assertTrue(MulticlusterIdentityScenario.refusedAtWest(Mesh.ISTIO).holds(notAnswered(35)), "TLS handshake refused");
    }

    /** curl's output as ClientPod.replies prints it: each body, then the mark line. */
    static String output(List<String> pods, int status) {
        StringBuilder b = new StringBuilder();
        for (String pod : pods) {
            if (status == 200) {
                b.append("{\"service\":\"product-service\",\"version\":\"v1\",\"pod\":\"").append(pod)
                        .append("\",\"namespace\":\"meshdemo\",\"peer\":{\"identity\":null,\"source\":\"istio\"}}");
            }
            b.append("\n@@reply ").append(status == 0 ? "000" : status).append(" 0.012 ").append(status == 0 ? 56 : 0)
                    .append(" ").append(status == 200 ? "product-service" : "").append("\n");
        }
        return b.toString();
    }

    static MultiCluster.Batch batch(List<String> pods, int status) {
        return MultiCluster.Batch.of(ClientPod.parseReplies(output(pods, status)), EAST_PODS, WEST_PODS);
    }

    @Test
    void failoverPassesOnlyWhenWestAnswersEverythingAndTheClosedWayNothing() {
        var fromWest = batch(List.of("product-service-v1-www", "product-service-v2-xxx", "product-service-v1-www"), 200);
        var fromEast = batch(List.of("product-service-v1-aaa", "product-service-v2-bbb", "product-service-v1-aaa"), 200);
        var failing = batch(List.of("a", "b", "c"), 503);
        var mixed = MultiCluster.Batch.of(ClientPod.parseReplies(output(List.of("product-service-v1-www"), 200)
                + output(List.of("x"), 503)), EAST_PODS, WEST_PODS);
        assertEquals(3, fromWest.fromWest());
        assertEquals(3, fromEast.fromEast());
        assertEquals(0, failing.ok());
        var treated = MulticlusterFailoverScenario.allFromWest();
        var control = MulticlusterFailoverScenario.noneAnswered();
        assertTrue(Contrast.evaluate(treated, fromWest, control, failing).passed());
        assertFalse(Contrast.evaluate(treated, fromEast, control, failing).passed(), "east still served: no failover shown");
        assertFalse(Contrast.evaluate(treated, mixed, control, failing).passed(), "a failed call under failover");
        assertFalse(Contrast.evaluate(treated, fromWest, control, fromWest).passed(), "the closed way still answered");
        assertFalse(Contrast.evaluate(treated, fromWest, control, mixed).passed(), "the closed way answered some");
        assertFalse(control.holds(batch(List.of(), 200)), "no calls are not a failure shown");
        assertTrue(fromWest.describe().contains("n=3 200:3, answered by east 0, by west 3"), fromWest.describe());
    }

    @Test
    void repliesKeepEachBodyWithItsOutcome() {
        String out = "{\"pod\":\"p1\"}\n@@reply 200 0.010 0 product-service\n"
                + "\n@@reply 000 0.002 7 \n"
                + "line one\nline two@@reply 503 0.100 0 \n";
        List<ClientPod.Reply> r = ClientPod.parseReplies(out);
        assertEquals(3, r.size());
        assertEquals("{\"pod\":\"p1\"}", r.get(0).body());
        assertEquals(new HttpSample(200, 0.010, 0, "product-service"), r.get(0).sample());
        assertEquals("", r.get(1).body());
        assertEquals(7, r.get(1).sample().exitCode());
        assertEquals("line one\nline two", r.get(2).body());
        assertEquals(503, r.get(2).sample().status());
        assertEquals(List.of(), ClientPod.parseReplies(""));
        assertEquals(null, MultiCluster.whoami(r.get(2)), "only a 200 is read as a WhoAmI");
    }

    // ------------------------------------------------------------------------------------------- latency
    @Test
    void percentilesAreNearestRank() {
        List<Double> s = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            s.add(i / 1000.0);
        }
        assertEquals(50.0, MultiCluster.percentileMs(s, 50), 1e-9);
        assertEquals(99.0, MultiCluster.percentileMs(s, 99), 1e-9);
        assertEquals(100.0, MultiCluster.percentileMs(s, 100), 1e-9);
        assertEquals(7.0, MultiCluster.percentileMs(List.of(0.007), 99), 1e-9);
        assertTrue(Double.isNaN(MultiCluster.percentileMs(List.of(), 50)));
    }

    static MulticlusterLatencyScenario.Series series(int ok, int failed, double seconds, long attributed) {
        List<HttpSample> all = new ArrayList<>();
        for (int i = 0; i < ok; i++) {
            all.add(new HttpSample(200, seconds, 0, "product-service"));
        }
        for (int i = 0; i < failed; i++) {
            all.add(new HttpSample(503, 0.001, 0, ""));
        }
        return new MulticlusterLatencyScenario.Series("/products/1", new HttpSample.Samples(all), attributed, 10);
    }

    @Test
    void latencyIsSaneOnlyWhenAnsweredFromWhereIntended() {
        var east = series(200, 0, 0.004, 10);
        var west = series(199, 1, 0.009, 10);
        assertTrue(east.sane() && west.sane());
        assertFalse(series(197, 3, 0.009, 10).sane(), "more than 1 % failed");
        assertFalse(series(200, 0, 0.009, 9).sane(), "one sampled answer from the other cluster");
        assertFalse(series(0, 0, 0.009, 10).sane(), "nothing measured");
        assertEquals("the hop adds p50 +5.0 ms, p99 +5.0 ms", MulticlusterLatencyScenario.added(east, west));
        assertEquals(9.0, west.p99(), 1e-9, "failed requests are not in the latency");
        assertTrue(west.describe().startsWith("p50 9.0 ms, p99 9.0 ms (n=200, 200:199 503:1;"), west.describe());
    }
}
