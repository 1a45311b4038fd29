package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The machine-readable copies agree with the docs, and the components carry the numbers the scenarios rely on. */
class ContractTest {

    @Test
    void callGraphFileEqualsTheDocumentedCalls() {
        List<Contract.Call> documented = Contract.documentedCalls();
        assertFalse(documented.isEmpty(), "no calls parsed from docs/CONFIGURATION.md");
        assertEquals(new HashSet<>(documented), new HashSet<>(Contract.graphCalls()),
                "mesh/call-graph.yaml 'calls' must list exactly the calls of docs/CONFIGURATION.md");
    }

    @Test
    void documentedPortsAgreeWithTheServicesConfiguration() {
        Map<String, Integer> documented = Contract.documentedPorts();
        assertEquals(Contract.SERVICES, List.copyOf(documented.keySet()), "docs/CONFIGURATION.md port table");
        for (String s : Contract.SERVICES) {
            Integer configured = Contract.configuredPort(s);
            if (configured != null) {
                assertEquals(documented.get(s), configured, s + ": application.properties vs docs/CONFIGURATION.md");
            }
        }
    }

    private static List<JsonNode> productGetRoutes(Render r) {
        List<JsonNode> routes = new java.util.ArrayList<>();
        JsonNode entry = r.get("networking.istio.io", "VirtualService", "meshdemo-entry").path("spec").path("http");
        JsonNode mesh = r.get("networking.istio.io", "VirtualService", "product-service").path("spec").path("http");
        routes.add(entry.get(0));
        routes.add(entry.get(1));
        routes.add(mesh.get(0));
        routes.add(mesh.get(1));
        return routes;
    }

    @Test
    void istioComponentsCarryTheContractNumbers() {
        for (JsonNode http : productGetRoutes(Kustomize.withComponent("istio", "istio-fault-delay"))) {
            assertEquals(50, http.path("fault").path("delay").path("percentage").path("value").asInt(), http.toString());
            assertEquals("2s", http.path("fault").path("delay").path("fixedDelay").asText());
        }
        for (JsonNode http : productGetRoutes(Kustomize.withComponent("istio", "istio-fault-abort"))) {
            assertEquals(20, http.path("fault").path("abort").path("percentage").path("value").asInt());
            assertEquals(503, http.path("fault").path("abort").path("httpStatus").asInt());
        }
        for (JsonNode http : productGetRoutes(Kustomize.withComponent("istio", "istio-timeout"))) {
            assertEquals("1s", http.path("timeout").asText());
        }
        for (JsonNode http : productGetRoutes(Kustomize.withComponent("istio", "istio-no-retries"))) {
            assertEquals(0, http.path("retries").path("attempts").asInt(-1));
        }
        for (JsonNode http : productGetRoutes(Kustomize.overlay("istio"))) {
            assertEquals(3, http.path("retries").path("attempts").asInt());
            assertEquals("5xx,reset,connect-failure", http.path("retries").path("retryOn").asText());
        }
        JsonNode outlier = Kustomize.withComponent("istio", "istio-circuit-breaker")
                .get("networking.istio.io", "DestinationRule", "product-service").path("spec").path("trafficPolicy").path("outlierDetection");
        assertEquals(5, outlier.path("consecutive5xxErrors").asInt());
        assertEquals("5s", outlier.path("interval").asText());
        assertEquals("30s", outlier.path("baseEjectionTime").asText());
        assertEquals(50, outlier.path("maxEjectionPercent").asInt());
    }

    /** Share of the product GET route's non-vip traffic that goes to the fault backend, in percent. */
    private static int faultShare(Render r) {
        JsonNode backends = r.get("policy.linkerd.io", "HTTPRoute", "product-service-get").path("spec").path("rules").get(1).path("backendRefs");
        int total = 0;
        int fault = 0;
        for (JsonNode b : backends) {
            total += b.path("weight").asInt(1);
            fault += b.path("name").asText().equals("product-service-fault") ? b.path("weight").asInt(1) : 0;
        }
        return 100 * fault / total;
    }

    private static String env(Render r, String name) {
        for (JsonNode e : r.get("apps", "Deployment", "product-service-fault").path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void linkerdComponentsCarryTheContractNumbers() {
        Render delay = Kustomize.withComponent("linkerd", "linkerd-fault-delay");
        assertEquals(50, faultShare(delay));
        assertEquals("2000", env(delay, "FAULT_DELAY_MS"));
        assertEquals("1", env(delay, "FAULT_DELAY_RATE"));
        assertEquals("/products.*", env(delay, "FAULT_PATHS"));
        Render abort = Kustomize.withComponent("linkerd", "linkerd-fault-abort");
        assertEquals(20, faultShare(abort));
        assertEquals("1", env(abort, "FAULT_ERROR_RATE"));
        JsonNode base = Kustomize.overlay("linkerd").get("policy.linkerd.io", "HTTPRoute", "product-service-get").path("metadata").path("annotations");
        assertEquals("5xx", base.path("retry.linkerd.io/http").asText());
        assertEquals("3", base.path("retry.linkerd.io/limit").asText());
        assertEquals("1s", Kustomize.withComponent("linkerd", "linkerd-timeout").get("policy.linkerd.io", "HTTPRoute", "product-service-get")
                .path("metadata").path("annotations").path("timeout.linkerd.io/request").asText());
        assertFalse(Kustomize.withComponent("linkerd", "linkerd-no-retries").get("policy.linkerd.io", "HTTPRoute", "product-service-get")
                .path("metadata").path("annotations").has("retry.linkerd.io/http"));
        Render breaker = Kustomize.withComponent("linkerd", "linkerd-circuit-breaker");
        JsonNode a = breaker.get("", "Service", "product-service").path("metadata").path("annotations");
        assertEquals("consecutive", a.path("balancer.linkerd.io/failure-accrual").asText());
        assertEquals("5", a.path("balancer.linkerd.io/failure-accrual-consecutive-max-failures").asText());
        // Linkerd takes the accrual of a route's backends from the parent Service the client addresses, so
        // annotations on the per-version backend Services would not act on calls to product-service.
        for (String backend : List.of("product-service-v1", "product-service-v2")) {
            assertFalse(breaker.get("", "Service", backend).path("metadata").path("annotations").has("balancer.linkerd.io/failure-accrual"), backend);
        }
    }

    @Test
    void canaryIsVipToV2ElseNinetyTen() {
        JsonNode vs = Kustomize.overlay("istio").get("networking.istio.io", "VirtualService", "product-service").path("spec").path("http");
        assertEquals("vip", vs.get(0).path("match").get(0).path("headers").path("user-type").path("exact").asText());
        assertEquals("v2", vs.get(0).path("route").get(0).path("destination").path("subset").asText());
        assertEquals(90, vs.get(1).path("route").get(0).path("weight").asInt());
        assertEquals(10, vs.get(1).path("route").get(1).path("weight").asInt());
        JsonNode rules = Kustomize.overlay("linkerd").get("policy.linkerd.io", "HTTPRoute", "product-service-get").path("spec").path("rules");
        assertEquals("vip", rules.get(0).path("matches").get(0).path("headers").get(0).path("value").asText());
        assertEquals("product-service-v2", rules.get(0).path("backendRefs").get(0).path("name").asText());
        assertEquals(90, rules.get(1).path("backendRefs").get(0).path("weight").asInt());
        assertEquals(10, rules.get(1).path("backendRefs").get(1).path("weight").asInt());
    }
}
