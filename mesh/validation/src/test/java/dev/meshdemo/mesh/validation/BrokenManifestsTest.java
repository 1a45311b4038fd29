package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each rule fed a broken copy of a real render must fail, with a message naming the fault; the unbroken
 * render passes the same rule (so a rule cannot pass vacuously, and the breakage is what it catches).
 */
class BrokenManifestsTest {

    private static void assertCaught(String overlay, Function<Render, List<String>> rule, Consumer<Render> breakIt, String expected) {
        assertCaught(Kustomize.overlay(overlay), rule, breakIt, expected);
    }

    private static void assertCaught(Render good, Function<Render, List<String>> rule, Consumer<Render> breakIt, String expected) {
        String overlay = good.label();
        assertEquals(List.of(), rule.apply(good), "the unbroken " + overlay + " render must pass");
        Render broken = good.copy();
        breakIt.accept(broken);
        List<String> errors = rule.apply(broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected an error containing '" + expected + "', got " + errors);
    }

    private static ObjectNode appContainer(Render r, String deployment) {
        return (ObjectNode) r.get("apps", "Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0);
    }

    // ------------------------------------------------------------ shape

    @Test
    void misspelledContainerFieldIsRejected() {
        assertCaught("plain", Validation::coreKinds, r -> appContainer(r, "cart-service").put("imagee", "meshdemo/cart-service:1.0.0"),
                "unknown field spec.template.spec.containers[0].imagee");
    }

    @Test
    void wrongTypeInCoreKindIsRejected() {
        assertCaught("plain", Validation::coreKinds, r -> ((ObjectNode) r.get("apps", "Deployment", "user-service").path("spec")).put("replicas", "two"),
                "Deployment/user-service");
    }

    @Test
    void unknownFieldInVirtualServiceIsRejected() {
        assertCaught("istio", Validation::crdKinds,
                r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "cart-service").path("spec").path("http").get(0)).put("retry", 3),
                "spec.http[0].retry: unknown field");
    }

    @Test
    void enumViolationInPeerAuthenticationIsRejected() {
        assertCaught("istio", Validation::crdKinds,
                r -> ((ObjectNode) r.get("security.istio.io", "PeerAuthentication", "default").path("spec").path("mtls")).put("mode", "STRICTEST"),
                "is not one of");
    }

    @Test
    void missingRequiredFieldInLinkerdServerIsRejected() {
        assertCaught("linkerd", Validation::crdKinds,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "Server", "cart-service").path("spec")).remove("port"),
                "missing required field port");
    }

    @Test
    void unknownFieldInCustomResourceMetadataIsRejected() {
        assertCaught("linkerd", Validation::crdKinds,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "Server", "cart-service").path("metadata")).put("lables", "x"),
                "unknown field lables");
    }

    // ------------------------------------------------------------ routes

    @Test
    void routeToMissingHostIsCaught() {
        assertCaught("istio", MeshRules::routesResolve, r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "meshdemo-entry")
                .path("spec").path("http").get(2).path("route").get(0).path("destination")).put("host", "carts.meshdemo.svc.cluster.local"),
                "destination host carts.meshdemo.svc.cluster.local is not a Service");
    }

    @Test
    void routeToMissingSubsetIsCaught() {
        assertCaught("istio", MeshRules::routesResolve, r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "product-service")
                .path("spec").path("http").get(0).path("route").get(0).path("destination")).put("subset", "v3"),
                "subset v3 of product-service.meshdemo.svc.cluster.local is not defined");
    }

    @Test
    void routeToMissingPortIsCaught() {
        assertCaught("istio", MeshRules::routesResolve, r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "user-service")
                .path("spec").path("http").get(0).path("route").get(0).path("destination").path("port")).put("number", 8080),
                "port 8080 is not a port of Service");
    }

    @Test
    void linkerdBackendOnWrongPortIsCaught() {
        assertCaught("linkerd", MeshRules::routesResolve, r -> ((ObjectNode) r.get("policy.linkerd.io", "HTTPRoute", "product-service-get")
                .path("spec").path("rules").get(1).path("backendRefs").get(0)).put("port", 3002),
                "backend Service product-service-v1 has no port 3002");
    }

    @Test
    void linkerdPolicyOnMissingRouteIsCaught() {
        assertCaught("linkerd", MeshRules::routesResolve, r -> ((ObjectNode) r.get("policy.linkerd.io", "AuthorizationPolicy", "cart-service-read")
                .path("spec").path("targetRef")).put("name", "cart-service-reads"),
                "target HTTPRoute cart-service-reads does not exist");
    }

    // ------------------------------------------------------------ selectors

    @Test
    void serviceSelectingNoPodsIsCaught() {
        assertCaught("plain", MeshRules::selectorsMatch, r -> ((ObjectNode) r.get("", "Service", "product-service-v2").path("spec").path("selector"))
                .put("version", "V2"), "matches no pods");
    }

    @Test
    void linkerdServerOnUnknownPortIsCaught() {
        assertCaught("linkerd", MeshRules::selectorsMatch, r -> ((ObjectNode) r.get("policy.linkerd.io", "Server", "user-service").path("spec"))
                .put("port", "https"), "port \"https\" is not a container port");
    }

    @Test
    void istioPolicySelectingNoPodsIsCaught() {
        assertCaught("istio", MeshRules::selectorsMatch, r -> ((ObjectNode) r.get("security.istio.io", "AuthorizationPolicy", "exam-service")
                .path("spec").path("selector").path("matchLabels")).put("app", "exams"), "selector matches no pods");
    }

    // ------------------------------------------------------------ service accounts

    @Test
    void istioPrincipalWithoutServiceAccountIsCaught() {
        assertCaught("istio", MeshRules::serviceAccountsExist, r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "user-service")
                .path("spec").path("rules").get(1).path("from").get(0).path("source").path("principals")).add("cluster.local/ns/meshdemo/sa/ghost"),
                "principal cluster.local/ns/meshdemo/sa/ghost is not a ServiceAccount");
    }

    @Test
    void linkerdIdentityWithoutServiceAccountIsCaught() {
        assertCaught("linkerd", MeshRules::serviceAccountsExist, r -> ((ObjectNode) r.get("policy.linkerd.io", "MeshTLSAuthentication", "from-order")
                .path("spec").path("identityRefs").get(0)).put("name", "orders"), "ServiceAccount orders does not exist");
    }

    // ------------------------------------------------------------ authorization graph

    @Test
    void istioPolicyAllowingAnExtraCallerIsCaught() {
        assertCaught("istio", MeshRules::authorizationGraph, r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "product-service")
                .path("spec").path("rules").get(1).path("from").get(0).path("source").path("principals")).add("cluster.local/ns/meshdemo/sa/exam-service"),
                "exam-service -> product-service-v1 GET /products/1 is allowed but not in the call graph");
    }

    @Test
    void istioPolicyMissingACallIsCaught() {
        assertCaught("istio", MeshRules::authorizationGraph, r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "cart-service")
                .path("spec").path("rules").get(1).path("to").get(0).path("operation").path("methods")).remove(1),
                "order-service -> cart-service DELETE /cart/1 is refused but the call graph needs it");
    }

    @Test
    void istioPolicyTooBroadOnPathsIsCaught() {
        assertCaught("istio", MeshRules::authorizationGraph, r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "product-service")
                .path("spec").path("rules").get(1).path("to").get(0).path("operation").path("paths")).set(0, "/*"),
                "cart-service -> product-service-v1 GET /admin/faults is allowed");
    }

    @Test
    void istioPermissiveMtlsIsCaught() {
        assertCaught("istio", MeshRules::authorizationGraph, r -> ((ObjectNode) r.get("security.istio.io", "PeerAuthentication", "default")
                .path("spec").path("mtls")).put("mode", "PERMISSIVE"), "mTLS is not STRICT");
    }

    @Test
    void linkerdPolicyAllowingAnExtraCallerIsCaught() {
        assertCaught("linkerd", MeshRules::authorizationGraph, r -> ((ArrayNode) r.get("policy.linkerd.io", "MeshTLSAuthentication", "from-order")
                .path("spec").path("identityRefs")).addObject().put("kind", "ServiceAccount").put("name", "exam-service"),
                "exam-service -> cart-service DELETE /cart/1 is allowed but not in the call graph");
    }

    @Test
    void linkerdRouteMissingACallIsCaught() {
        assertCaught("linkerd", MeshRules::authorizationGraph, r -> ((ObjectNode) r.get("policy.linkerd.io", "HTTPRoute", "exam-service-submit")
                .path("spec").path("rules").get(0).path("matches").get(0)).put("method", "PUT"),
                "meshdemo-ingress -> exam-service POST /exams/1/submit is refused but the call graph needs it");
    }

    @Test
    void linkerdProbesRefusedIsCaught() {
        assertCaught("linkerd", MeshRules::authorizationGraph, r -> r.objects().remove(r.get("policy.linkerd.io", "AuthorizationPolicy", "user-service-operations")),
                "GET /ready on user-service is refused to the kubelet/Prometheus");
    }

    @Test
    void linkerdUnauthenticatedDefaultIsCaught() {
        assertCaught("linkerd", MeshRules::authorizationGraph, r -> ((ObjectNode) r.get("", "Namespace", "meshdemo").path("metadata").path("annotations"))
                .put("config.linkerd.io/default-inbound-policy", "all-unauthenticated"), "accepts unauthenticated traffic");
    }

    @Test
    void linkerdServerWithoutPolicyLetsNothingThroughAndIsCaught() {
        assertCaught("linkerd", MeshRules::authorizationGraph, r -> r.objects().remove(r.get("policy.linkerd.io", "Server", "order-service")),
                "product-service -> order-service GET / is allowed but not in the call graph");
    }

    @Test
    void postgresOpenToTheEntryIsCaught() {
        assertCaught("istio", MeshRules::authorizationGraph, r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "postgres")
                .path("spec").path("rules").get(0).path("from").get(0).path("source").path("principals")).add("cluster.local/ns/meshdemo/sa/meshdemo-ingress"),
                "meshdemo-ingress -> postgres is allowed");
    }

    // ------------------------------------------------------------ retries

    @Test
    void istio5xxRetriesOnPostRouteAreCaught() {
        assertCaught("istio", MeshRules::nonIdempotentRetriedOnlyBeforeTheApp, r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "meshdemo-entry")
                .path("spec").path("http").get(5).path("retries")).put("retryOn", "5xx,connect-failure"),
                "route orders-other: matches non-idempotent methods, so it may retry only [connect-failure, refused-stream], not [5xx]");
    }

    @Test
    void istioResetRetriesOnPostRouteAreCaught() {
        assertCaught("istio", MeshRules::nonIdempotentRetriedOnlyBeforeTheApp, r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "cart-service")
                .path("spec").path("http").get(1).path("retries")).put("retryOn", "connect-failure,reset"), "not [reset]");
    }

    @Test
    void istioDefaultRetryConditionsOnPostRouteAreCaught() {
        assertCaught("istio", MeshRules::nonIdempotentRetriedOnlyBeforeTheApp, r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "user-service")
                .path("spec").path("http").get(1).path("retries")).remove("retryOn"), "not Istio's default conditions (gRPC unavailable and cancelled included)");
    }

    @Test
    void istioDefaultRetriesOnPostRouteAreCaught() {
        assertCaught("istio", MeshRules::nonIdempotentRetriedOnlyBeforeTheApp, r -> ((ObjectNode) r.get("networking.istio.io", "VirtualService", "exam-service")
                .path("spec").path("http").get(1)).remove("retries"), "needs an explicit retry policy (Istio's default retries gRPC unavailable and cancelled");
    }

    @Test
    void linkerdRetryAnnotationOnCatchAllRouteIsCaught() {
        assertCaught("linkerd", MeshRules::nonIdempotentRetriedOnlyBeforeTheApp, r -> r.get("policy.linkerd.io", "HTTPRoute", "order-service-default")
                .withObject("/metadata").withObject("/annotations").put("retry.linkerd.io/http", "5xx"),
                "HTTPRoute/order-service-default: carries retry annotations");
    }

    @Test
    void linkerdRetryAnnotationOnServiceIsCaught() {
        assertCaught("linkerd", MeshRules::nonIdempotentRetriedOnlyBeforeTheApp, r -> r.get("", "Service", "exam-service")
                .withObject("/metadata").withObject("/annotations").put("retry.linkerd.io/http", "5xx"), "apply to every method");
    }

    // ------------------------------------------------------------ probes and ports

    @Test
    void probeOnUnservedPathIsCaught() {
        assertCaught("plain", r -> MeshRules.probesServed(r, Validation.PORTS),
                r -> ((ObjectNode) appContainer(r, "order-service").path("readinessProbe").path("httpGet")).put("path", "/readyz"),
                "readinessProbe path /readyz is not /ready");
    }

    @Test
    void missingStartupProbeIsCaught() {
        assertCaught("plain", r -> MeshRules.probesServed(r, Validation.PORTS), r -> appContainer(r, "cart-service").remove("startupProbe"),
                "has no startupProbe");
    }

    @Test
    void containerPortDifferentFromConfigurationIsCaught() {
        assertCaught("plain", r -> MeshRules.portsAgree(r, Validation.PORTS),
                r -> ((ObjectNode) appContainer(r, "exam-service").path("ports").get(0)).put("containerPort", 8080), "container port http is not 3005");
    }

    @Test
    void servicePortDifferentFromConfigurationIsCaught() {
        assertCaught("plain", r -> MeshRules.portsAgree(r, Validation.PORTS),
                r -> ((ObjectNode) r.get("", "Service", "user-service").path("spec").path("ports").get(0)).put("port", 80), "port 80 is not user-service's port 3004");
    }

    @Test
    void peerUrlWithWrongPortIsCaught() {
        assertCaught("plain", r -> MeshRules.portsAgree(r, Validation.PORTS), r -> {
            for (var env : appContainer(r, "order-service").path("env")) {
                if (env.path("name").asText().equals("CART_SERVICE_URL")) {
                    ((ObjectNode) env).put("value", "http://cart-service:3001");
                }
            }
        }, "CART_SERVICE_URL=http://cart-service:3001 is not http://cart-service:3002");
    }

    // ------------------------------------------------------------ deny by default

    private static Render withComponent(String overlay, String component) {
        return Kustomize.withComponent(overlay, component);
    }

    @Test
    void istioWithoutAllowNothingIsCaught() {
        assertCaught("istio", DefaultDenyRules::istioAllowNothing, r -> r.objects().remove(r.get("security.istio.io", "AuthorizationPolicy", "allow-nothing")),
                "no namespace-wide allow-nothing AuthorizationPolicy");
    }

    @Test
    void istioNamespaceWidePolicyWithRulesIsCaught() {
        assertCaught("istio", DefaultDenyRules::istioAllowNothing, r -> r.get("security.istio.io", "AuthorizationPolicy", "allow-nothing")
                .withObject("/spec").withArray("rules").addObject(), "AuthorizationPolicy/allow-nothing is namespace-wide and has rules");
    }

    @Test
    void istioWithoutAllowNothingOpensGrafanaAndIsCaught() {
        assertCaught(withComponent("istio", "observability"), DefaultDenyRules::otherWorkloadsReachable,
                r -> r.objects().remove(r.get("security.istio.io", "AuthorizationPolicy", "allow-nothing")),
                "istio: meshdemo-ingress -> grafana http/3000 is allowed but nothing needs it");
    }

    @Test
    void istioCollectorUnreachableByJaegerIsCaught() {
        assertCaught(withComponent("istio", "observability"), DefaultDenyRules::otherWorkloadsReachable,
                r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "jaeger").path("spec").path("rules")).remove(0),
                "istio: otel-collector -> jaeger otlp-grpc/4317 is refused but needed");
    }

    @Test
    void istioEntryClosedIsCaught() {
        assertCaught("istio", DefaultDenyRules::otherWorkloadsReachable,
                r -> r.objects().remove(r.get("security.istio.io", "AuthorizationPolicy", "meshdemo-ingress")),
                "a client without mesh identity -> meshdemo-ingress http/8080 is refused but needed");
    }

    @Test
    void linkerdPortWithoutServerIsCaught() {
        assertCaught(withComponent("linkerd", "observability"), DefaultDenyRules::linkerdServerForEveryPort,
                r -> r.objects().remove(r.get("policy.linkerd.io", "Server", "grafana")),
                "Deployment/grafana port http/3000 is selected by no Server");
    }

    @Test
    void linkerdFaultBackendWithoutServerIsCaught() {
        Consumer<Render> narrow = r -> ((ObjectNode) r.get("policy.linkerd.io", "Server", "product-service").path("spec").path("podSelector"))
                .putObject("matchLabels").put("app", "product-service");
        assertCaught(withComponent("linkerd", "linkerd-fault-abort"), DefaultDenyRules::linkerdServerForEveryPort, narrow,
                "Deployment/product-service-fault port http/3001 is selected by no Server");
        assertCaught(withComponent("linkerd", "linkerd-fault-abort"), MeshRules::authorizationGraph, narrow,
                "meshdemo-ingress -> product-service-fault PUT /admin/faults is allowed but not in the call graph");
    }

    @Test
    void linkerdJaegerOpenToTheServicesIsCaught() {
        assertCaught(withComponent("linkerd", "observability"), DefaultDenyRules::otherWorkloadsReachable,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "AuthorizationPolicy", "jaeger-otlp").path("spec").path("requiredAuthenticationRefs").get(0))
                        .put("name", "from-services"),
                "linkerd: product-service -> jaeger otlp-grpc/4317 is allowed but nothing needs it");
    }

    @Test
    void linkerdCollectorClosedToTheServicesIsCaught() {
        assertCaught(withComponent("linkerd", "observability"), DefaultDenyRules::otherWorkloadsReachable,
                r -> r.objects().remove(r.get("policy.linkerd.io", "AuthorizationPolicy", "otel-collector-grpc")),
                "linkerd: cart-service -> otel-collector otlp-grpc/4317 is refused but needed");
    }

    @Test
    void componentPolicyNamingNoComponentIsCaught() {
        assertCaught("linkerd", MeshRules::selectorsMatch, r -> r.get("policy.linkerd.io", "Server", "grafana").withObject("/metadata")
                .withObject("/labels").put(Render.FOR_COMPONENT, "observabilty"), "which is not a component of mesh/components");
    }

    // ------------------------------------------------------------ app settings per overlay

    private static void setEnv(ObjectNode container, String name, String value) {
        for (var env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                ((ObjectNode) env).put("value", value);
                return;
            }
        }
        container.withArray("env").addObject().put("name", name).put("value", value);
    }

    @Test
    void istioServiceTrustingNoMeshHeaderIsCaught() {
        assertCaught("istio", DefaultDenyRules::appSettingsPerOverlay, r -> setEnv(appContainer(r, "order-service"), "APP_MESH", "none"),
                "Deployment/order-service: APP_MESH=none under istio, expected istio");
    }

    @Test
    void plainServiceTrustingAMeshHeaderIsCaught() {
        assertCaught("plain", DefaultDenyRules::appSettingsPerOverlay, r -> setEnv(appContainer(r, "user-service"), "APP_MESH", "linkerd"),
                "Deployment/user-service: APP_MESH=linkerd under plain, expected none");
    }

    @Test
    void linkerdAppRetriesOnTopOfMeshRetriesAreCaught() {
        assertCaught(withComponent("linkerd", "linkerd-fault-delay"), DefaultDenyRules::appSettingsPerOverlay,
                r -> setEnv(appContainer(r, "product-service-fault"), "APP_RESILIENCE", "on"),
                "Deployment/product-service-fault: APP_RESILIENCE=on under linkerd, expected off");
    }

    // ------------------------------------------------------------ protocols

    @Test
    void grpcAppProtocolIsCaught() {
        assertCaught(withComponent("linkerd", "observability"), DefaultDenyRules::appProtocolsKnown,
                r -> ((ObjectNode) r.get("", "Service", "otel-collector").path("spec").path("ports").get(0)).put("appProtocol", "grpc"),
                "appProtocol grpc is unknown to Linkerd; use kubernetes.io/h2c");
    }

    @Test
    void linkerdPostgresServiceNotOpaqueIsCaught() {
        assertCaught("linkerd", DefaultDenyRules::appProtocolsKnown,
                r -> ((ObjectNode) r.get("", "Service", "postgres").path("metadata").path("annotations")).remove("config.linkerd.io/opaque-ports"),
                "Service/postgres port postgres: appProtocol tcp is unknown to Linkerd");
    }

    @Test
    void linkerdPostgresPodNotOpaqueIsCaught() {
        assertCaught("linkerd", DefaultDenyRules::appProtocolsKnown,
                r -> ((ObjectNode) r.get("apps", "StatefulSet", "postgres").path("spec").path("template").path("metadata").path("annotations"))
                        .remove("config.linkerd.io/opaque-ports"),
                "opaque on the Service but not on the pods of StatefulSet/postgres");
    }

    @Test
    void linkerdServerInAuditModeIsCaught() {
        assertCaught("linkerd", MeshRules::authorizationGraph, r -> ((ObjectNode) r.get("policy.linkerd.io", "Server", "user-service").path("spec"))
                .put("accessPolicy", "audit"), "an unauthenticated client -> user-service GET /admin/faults is allowed");
    }

    @Test
    void istioHoldUntilProxyStartsOnAPodIsCaught() {
        assertCaught("istio", DefaultDenyRules::noSettingsUnusedWithNativeSidecars, r -> r.get("apps", "Deployment", "cart-service")
                .withObject("/spec").withObject("/template").withObject("/metadata").withObject("/annotations")
                .put("proxy.istio.io/config", "holdApplicationUntilProxyStarts: true\n"),
                "Deployment/cart-service: proxy.istio.io/config sets holdApplicationUntilProxyStarts");
    }
}
