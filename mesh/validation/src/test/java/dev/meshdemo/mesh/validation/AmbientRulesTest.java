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
 * The istio-ambient overlay's rules (AmbientRules) and its authorization model (Ambient), each fed a broken copy
 * of the real ambient render: the unbroken render passes, the broken one fails with a message naming the fault.
 */
class AmbientRulesTest {

    private static void assertCaught(Render good, Function<Render, List<String>> rule, Consumer<Render> breakIt, String expected) {
        FeatureComponentsTest.assertCaught(good, rule, breakIt, expected);
    }

    private static Render ambient() {
        return Kustomize.overlay(Ambient.MESH);
    }

    private static ObjectNode podMeta(Render r, String deployment) {
        return (ObjectNode) r.get("apps", "Deployment", deployment).path("spec").path("template").path("metadata");
    }

    // ------------------------------------------------------------ no sidecars

    @Test
    void aSidecarInjectionLabelOnAPodIsCaught() {
        assertCaught(ambient(), AmbientRules::noSidecars, r -> podMeta(r, "cart-service").withObject("/labels").put("sidecar.istio.io/inject", "true"),
                "pod label sidecar.istio.io/inject is a sidecar setting under ambient");
    }

    @Test
    void aSidecarAnnotationOnAPodIsCaught() {
        assertCaught(ambient(), AmbientRules::noSidecars,
                r -> podMeta(r, "order-service").withObject("/annotations").put("sidecar.istio.io/proxyCPU", "100m"), "pod annotation sidecar.istio.io/proxyCPU");
    }

    @Test
    void theNamespaceLabelledForInjectionIsCaught() {
        assertCaught(ambient(), AmbientRules::noSidecars,
                r -> r.get("", "Namespace", "meshdemo").withObject("/metadata/labels").put("istio-injection", "enabled"), "label istio-injection");
    }

    @Test
    void theNamespaceNotEnrolledIsCaught() {
        assertCaught(ambient(), AmbientRules::noSidecars,
                r -> r.get("", "Namespace", "meshdemo").withObject("/metadata/labels").remove(Ambient.DATAPLANE_MODE), "not enrolled");
    }

    @Test
    void aSidecarResourceIsCaught() {
        assertCaught(ambient(), AmbientRules::noSidecars, r -> r.objects().add((ObjectNode) Kustomize.parse(
                "apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: default, namespace: meshdemo}\nspec:\n  outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n").get(0)),
                "a Sidecar has no effect under ambient");
    }

    @Test
    void theSidecarOverlayIsNotAmbientsBusiness() {
        assertEquals(List.of(), AmbientRules.noSidecars(Kustomize.overlay("istio")), "the rules judge istio-ambient renders only");
    }

    // ------------------------------------------------------------ L7 policies target a waypoint

    @Test
    void anL7PolicyWithASelectorInsteadOfTargetRefsIsCaught() {
        assertCaught(ambient(), AmbientRules::waypointPoliciesTargetAWaypoint, r -> {
            ObjectNode spec = (ObjectNode) r.get("security.istio.io", "AuthorizationPolicy", "user-service").path("spec");
            spec.remove("targetRefs");
            spec.putObject("selector").putObject("matchLabels").put("app", "user-service");
        }, "on a selector policy, which ztunnel enforces at L4");
    }

    @Test
    void anL7FieldInAZtunnelPolicyIsCaught() {
        assertCaught(ambient(), AmbientRules::waypointPoliciesTargetAWaypoint,
                r -> ((ObjectNode) r.get("security.istio.io", "AuthorizationPolicy", "postgres").path("spec").path("rules").get(0).path("to").get(0)
                        .path("operation")).putArray("methods").add("GET"), "[operation.methods]");
    }

    @Test
    void aPolicyOnAServiceWithoutWaypointIsCaught() {
        assertCaught(ambient(), AmbientRules::waypointPoliciesTargetAWaypoint,
                r -> r.get("", "Service", "exam-service").withObject("/metadata/labels").remove(Ambient.USE_WAYPOINT),
                "target Service exam-service uses no waypoint");
    }

    @Test
    void aPolicyOnAMissingGatewayIsCaught() {
        assertCaught(ambient(), AmbientRules::waypointPoliciesTargetAWaypoint,
                r -> ((ObjectNode) r.get("security.istio.io", "AuthorizationPolicy", "meshdemo-ingress").path("spec").path("targetRefs").get(0))
                        .put("name", "istio-ingressgateway"), "target Gateway istio-ingressgateway is not an Istio Gateway");
    }

    @Test
    void aRequestAuthenticationWithASelectorIsCaught() {
        assertCaught(ambient(), AmbientRules::waypointPoliciesTargetAWaypoint, r -> r.objects().add((ObjectNode) Kustomize.parse(
                "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: meshdemo}\n"
                        + "spec:\n  selector: {matchLabels: {app: cart-service}}\n  jwtRules: [{issuer: https://issuer.meshdemo.test}]\n").get(0)),
                "ztunnel validates no JWT");
    }

    // ------------------------------------------------------------ every L7 feature has a waypoint

    @Test
    void aMeshRouteOnAServiceWithoutWaypointIsCaught() {
        assertCaught(ambient(), AmbientRules::everyL7FeatureHasAWaypoint,
                r -> r.get("", "Service", "cart-service").withObject("/metadata/labels").remove(Ambient.USE_WAYPOINT),
                "VirtualService/cart-service: host cart-service.meshdemo.svc.cluster.local uses no waypoint");
    }

    @Test
    void aDestinationRuleWithoutWaypointIsCaught() {
        assertCaught(ambient(), AmbientRules::everyL7FeatureHasAWaypoint,
                r -> r.get("", "Service", "product-service").withObject("/metadata/labels").remove(Ambient.USE_WAYPOINT),
                "DestinationRule/product-service: host product-service.meshdemo.svc.cluster.local uses no waypoint");
    }

    @Test
    void aGammaRouteWithoutWaypointIsCaught() {
        assertCaught(Kustomize.withComponent(Ambient.MESH, "gamma"), AmbientRules::everyL7FeatureHasAWaypoint,
                r -> r.get("", "Service", "product-service").withObject("/metadata/labels").remove(Ambient.USE_WAYPOINT),
                "HTTPRoute/product-service-gamma-get: parent Service product-service uses no waypoint");
    }

    @Test
    void aWaypointThatServesWorkloadsOnlyIsCaught() {
        assertCaught(ambient(), AmbientRules::everyL7FeatureHasAWaypoint,
                r -> r.get(Ambient.GATEWAY_API, "Gateway", "waypoint").withObject("/metadata/labels").put("istio.io/waypoint-for", "workload"),
                "which is no Gateway of class istio-waypoint for Service traffic");
    }

    @Test
    void aMissingWaypointIsCaught() {
        assertCaught(ambient(), AmbientRules::everyL7FeatureHasAWaypoint,
                r -> r.objects().remove(r.get(Ambient.GATEWAY_API, "Gateway", "waypoint")), "uses waypoint waypoint, which is no Gateway");
    }

    // ------------------------------------------------------------ the authorization model

    @Test
    void aServicePodOpenToItsCallersAtL4SkipsTheWaypointAndIsCaught() {
        // cart-service's pods also admitting cart-service's callers directly: they could bypass the waypoint's rules.
        assertCaught(ambient(), MeshRules::authorizationGraph,
                r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "cart-service-from-waypoint").path("spec").path("rules").get(0)
                        .path("from").get(0).path("source").path("principals")).add("cluster.local/ns/meshdemo/sa/order-service"),
                "order-service -> cart-service");
    }

    @Test
    void ztunnelClosedToTheWaypointIsCaught() {
        assertCaught(ambient(), MeshRules::authorizationGraph,
                r -> r.objects().remove(r.get("security.istio.io", "AuthorizationPolicy", "user-service-from-waypoint")),
                "is refused but the call graph needs it");
    }

    @Test
    void aWaypointRuleOpenedToAnotherCallerIsCaught() {
        assertCaught(ambient(), MeshRules::authorizationGraph,
                r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "user-service").path("spec").path("rules").get(1)
                        .path("from").get(0).path("source").path("principals")).add("cluster.local/ns/meshdemo/sa/cart-service"),
                "cart-service -> user-service");
    }

    @Test
    void aWaypointPolicyWithoutItsTargetIsNotEnforcedAndIsCaught() {
        // Without targetRefs the L7 policy becomes ztunnel's, where its method/path rules never match: the entry's calls are refused.
        assertCaught(ambient(), MeshRules::authorizationGraph,
                r -> ((ObjectNode) r.get("security.istio.io", "AuthorizationPolicy", "exam-service").path("spec")).remove("targetRefs"),
                "meshdemo-ingress -> exam-service GET /exams is refused but the call graph needs it");
    }

    @Test
    void theWaypointWithoutItsAllowNothingIsCaught() {
        // Without it a service that has no L7 policy of its own would be open to every caller through the waypoint.
        assertCaught(ambient(), MeshRules::authorizationGraph, r -> {
            r.objects().remove(r.get("security.istio.io", "AuthorizationPolicy", "waypoint-allow-nothing"));
            r.objects().remove(r.get("security.istio.io", "AuthorizationPolicy", "exam-service"));
        }, "cart-service -> exam-service GET /exams is allowed but not in the call graph");
    }
    // ------------------------------------------------------------ components

    @Test
    void theGammaFilesServeAmbientUnchanged() {
        Render ambient = Kustomize.withComponent(Ambient.MESH, "gamma");
        Render sidecars = Kustomize.withComponent("istio", "gamma");
        for (String route : List.of("product-service-gamma-get", "product-service-gamma-default")) {
            assertEquals(sidecars.get(Ambient.GATEWAY_API, "HTTPRoute", route), ambient.get(Ambient.GATEWAY_API, "HTTPRoute", route),
                    route + ": the same object under sidecars and ambient");
        }
        assertTrue(ambient.find("networking.istio.io", "VirtualService", "product-service").isEmpty(), "the native mesh route is replaced");
        assertTrue(Kustomize.overlay(Ambient.MESH).find("networking.istio.io", "VirtualService", "product-service").isPresent(), "control: it is there without gamma");
        assertTrue(AmbientRules.waypointFor(ambient, ambient.get("", "Service", "product-service")).isPresent(), "the waypoint serves the routes' parent");
        assertEquals(List.of(), Validation.all(ambient));
        assertEquals(List.of(), FeatureRules.oneRouteSetPerService(ambient));
    }

    @Test
    void theAmbientRateLimitOnEveryServiceOfTheWaypointIsCaught() {
        assertCaught(Kustomize.withComponent(Ambient.MESH, Ambient.MESH + "-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) r.get("networking.istio.io", "EnvoyFilter", "product-service-local-rate-limit").path("spec").path("configPatches")
                        .get(0).path("match").path("listener").path("filterChain")).remove("name"),
                "match the filter chain of one service port");
    }

    @Test
    void theAmbientRateLimitOnPodsIsCaught() {
        assertCaught(Kustomize.withComponent(Ambient.MESH, Ambient.MESH + "-rate-limit"), AmbientRules::waypointPoliciesTargetAWaypoint, r -> {
            ObjectNode spec = (ObjectNode) r.get("networking.istio.io", "EnvoyFilter", "product-service-local-rate-limit").path("spec");
            spec.remove("targetRefs");
            spec.putObject("workloadSelector").putObject("labels").put("app", "product-service");
        }, "patch sidecars; under ambient target the waypoint");
    }

    @Test
    void theAmbientJwtPolicyOnTheSidecarGatewaysLabelsIsCaught() {
        assertCaught(Kustomize.withComponent(Ambient.MESH, Ambient.MESH + "-end-user-auth"), AmbientRules::waypointPoliciesTargetAWaypoint, r -> {
            ObjectNode spec = (ObjectNode) r.get("security.istio.io", "RequestAuthentication", "meshdemo-ingress-jwt").path("spec");
            spec.remove("targetRefs");
            spec.putObject("selector").putObject("matchLabels").put("istio", "meshdemo-ingress");
        }, "ztunnel validates no JWT");
    }

    @Test
    void theAmbientJwtDenyOnAnotherGatewayIsCaught() {
        assertCaught(Kustomize.withComponent(Ambient.MESH, Ambient.MESH + "-end-user-auth"), FeatureRules::endUserAuth,
                r -> ((ObjectNode) r.get("security.istio.io", "AuthorizationPolicy", "meshdemo-ingress-require-jwt").path("spec").path("targetRefs").get(0))
                        .put("name", "waypoint"), "which no RequestAuthentication accepts on Gateway/waypoint");
    }
}
