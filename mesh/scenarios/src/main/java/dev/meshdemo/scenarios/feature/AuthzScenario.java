package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.CallGraph;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * authz: least privilege along mesh/call-graph.yaml. Client pods run as each service's own ServiceAccount (so
 * the mesh gives them that service's identity) and as scenario-outsider (an identity outside the graph). Every
 * allowed edge of the graph answers (the app's x-service header); every other (caller, route) pair tried is
 * refused with the mesh's status (403 from the proxy, no x-service header); the control, allow-all applied for a
 * moment in the same run, shows that the same pairs do answer when nothing is refused. Bodies and ids are chosen
 * so that an answered write changes nothing (an empty body: 400; a fresh user's cart). plain: every pair answers.
 */
@Scenario("authz")
class AuthzScenario {
    static final String OUTSIDER = "scenario-outsider";

    private final Map<String, ClientPod> clients = new LinkedHashMap<>();
    private List<CallGraph.Pair> pairs;
    private final Map<CallGraph.Pair, HttpSample> underPolicy = new LinkedHashMap<>();

    static boolean answered(HttpSample s, String service) {
        return s.answered() && service.equals(s.header());
    }

    private HttpSample call(ScenarioContext ctx, CallGraph.Pair p) {
        ClientPod pod = clients.get(p.caller());
        String url = ctx.serviceUrl(p.route().service(), CallGraph.concretePath(p.route(), "scenario-authz-nobody"));
        String body = p.route().method().equals("POST") ? "{}" : null;
        return ClientPod.lastSample(pod.call(p.route().method(), url, body));
    }

    @Test
    @Order(1)
    @DisplayName("clients")
    void clients(ScenarioContext ctx) {
        CallGraph graph = CallGraph.read(ctx.settings().repoRoot());
        List<String> callers = new ArrayList<>(Cluster.SERVICES);
        callers.add(OUTSIDER);
        for (String caller : callers) {
            clients.put(caller, ctx.meshedClient("scenario-as-" + caller, caller));
        }
        pairs = graph.pairs(callers, Cluster.SERVICES);
        ctx.recorder().check("pairs", pairs.stream().anyMatch(CallGraph.Pair::allowed) && pairs.stream().anyMatch(p -> !p.allowed()),
                "allowed and refused pairs", pairs.stream().filter(CallGraph.Pair::allowed).count() + " allowed, "
                        + pairs.stream().filter(p -> !p.allowed()).count() + " outside the graph");
    }

    @Test
    @Order(2)
    @DisplayName("the overlay's authorization")
    void policy(ScenarioContext ctx) {
        for (CallGraph.Pair p : pairs) {
            HttpSample s = call(ctx, p);
            underPolicy.put(p, s);
            if (p.allowed() || !ctx.mesh().meshed()) {
                ctx.recorder().check(p.label() + (p.allowed() ? ".allowed" : ".answered-without-mesh"),
                        answered(s, p.route().service()), "an answer of " + p.route().service(),
                        s.statusText() + " x-service '" + s.header() + "'");
            }
        }
    }

    @Test
    @Order(3)
    @DisplayName("control: allow-all, then refused pairs compared")
    void control(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            return;
        }
        String ns = ctx.settings().namespace();
        List<String> routes = new ArrayList<>();
        if (ctx.mesh() == dev.meshdemo.scenarios.harness.Mesh.LINKERD) {
            for (GenericKubernetesResource r : ctx.cluster().client().genericKubernetesResources("policy.linkerd.io/v1beta3", "HTTPRoute")
                    .inNamespace(ns).list().getItems()) {
                Object parents = ((Map<?, ?>) r.getAdditionalProperties().getOrDefault("spec", Map.of())).get("parentRefs");
                if (String.valueOf(parents).contains("kind=Server")) {
                    routes.add(r.getMetadata().getName());
                }
            }
        }
        ctx.cluster().applyTemporarily("remove the allow-all control", MeshPolicies.allowAll(ctx.mesh(), ns, routes));
        CallGraph.Pair probe = pairs.stream().filter(p -> !p.allowed()).findFirst().orElseThrow();
        Waits.until("allow-all reaches the proxies", Duration.ofSeconds(90),
                () -> answered(call(ctx, probe), probe.route().service()));
        Map<CallGraph.Pair, HttpSample> control = new LinkedHashMap<>();
        for (CallGraph.Pair p : pairs) {
            if (!p.allowed()) {
                control.put(p, call(ctx, p));
            }
        }
        ctx.cleanup().restoreNow("remove the allow-all control");
        for (Map.Entry<CallGraph.Pair, HttpSample> e : control.entrySet()) {
            CallGraph.Pair p = e.getKey();
            String svc = p.route().service();
            ctx.recorder().contrast(p.label() + ".refused",
                    Prediction.<HttpSample>of("refused: 403 from the proxy, no x-service",
                            s -> ctx.mesh().refusalStatuses().contains(s.status()) && s.header().isEmpty()),
                    "overlay authorization", underPolicy.get(p),
                    Prediction.of("an answer of " + svc, s -> answered(s, svc)), "allow-all", e.getValue(),
                    s -> s.statusText() + " x-service '" + s.header() + "'");
        }
    }
}
