package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mesh/multicluster/placement: each cluster's share of the suite, from the same overlays. They render and validate
 * against the core schemas and the pinned CRDs (MESH_CRDS_DIR); east runs every service, west product-service
 * only; Istio's product-service DestinationRule fails over by network (failoverPriority) with the outlier detection
 * it needs, and the east-west Gateway (expose-services.yaml) validates as well.
 */
class MultiClusterPlacementTest {

    static Render render(String placement) {
        return new Render(placement, placement.substring(0, placement.indexOf('-')),
                Kustomize.parse(Kustomize.kubectl(Repo.mesh().resolve("multicluster/placement/" + placement))));
    }

    static TreeSet<String> services(Render r) {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectNode o : r.objects()) {
            if (o.path("kind").asText().equals("Deployment")) {
                names.add(o.path("metadata").path("labels").path("app.kubernetes.io/name").asText(o.path("metadata").path("name").asText()));
            }
        }
        return names;
    }

    /**
     * The labels that name the cluster on every platform: istiod puts both on every endpoint and proxy, and on the
     * east-west gateway endpoint that stands for the peer's pods (pilot/pkg/serviceregistry/util/label/label.go
     * AugmentLabels, pilot/pkg/xds/endpoints/ep_filters.go at 1.30.3). Region and zone do not: both EKS clusters
     * may be in eu-west-1 (mesh/multicluster/eks).
     */
    static final List<String> CLUSTER_LABELS = List.of("topology.istio.io/network", "topology.istio.io/cluster");

    /**
     * Failover between the clusters: failoverPriority led by a label that names the cluster (a region-based
     * `failover` list compares the caller's region, equal for two EKS clusters in one region), and outlier
     * detection, without which Istio applies no failover at all (cluster_traffic_policy.go, loadbalancer.go).
     */
    static List<String> failover(Render r) {
        List<String> errors = new ArrayList<>();
        ObjectNode dr = r.objects().stream()
                .filter(o -> o.path("kind").asText().equals("DestinationRule") && o.path("metadata").path("name").asText().equals("product-service"))
                .findFirst().orElse(null);
        if (dr == null) {
            return List.of(r.label() + ": no DestinationRule product-service");
        }
        var policy = dr.path("spec").path("trafficPolicy");
        var locality = policy.path("loadBalancer").path("localityLbSetting");
        if (!locality.path("enabled").asBoolean(false)) {
            errors.add(r.label() + ": product-service has no localityLbSetting (enabled) to fail over east<->west");
        } else if (!CLUSTER_LABELS.contains(locality.path("failoverPriority").path(0).asText())) {
            errors.add(r.label() + ": product-service's localityLbSetting has no failoverPriority led by " + CLUSTER_LABELS
                    + " (got " + locality.path("failoverPriority") + "): region-based failover cannot tell two clusters in one region apart");
        }
        if (policy.path("outlierDetection").isMissingNode() || policy.path("outlierDetection").path("consecutive5xxErrors").asInt(0) < 1) {
            errors.add(r.label() + ": product-service's locality failover has no outlierDetection (consecutive5xxErrors), so it never fails over");
        }
        return errors;
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio-east", "istio-west", "linkerd-east", "linkerd-west"})
    void thePlacementValidatesAgainstTheSchemasAndCrds(String placement) {
        Render r = render(placement);
        List<String> errors = new ArrayList<>(Validation.coreKinds(r));
        errors.addAll(Validation.crdKinds(r));
        assertEquals(List.of(), errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio", "linkerd"})
    void eastRunsTheSuiteWestOnlyProductService(String mesh) {
        TreeSet<String> east = services(render(mesh + "-east"));
        TreeSet<String> west = services(render(mesh + "-west"));
        assertTrue(east.containsAll(List.of("cart-service", "order-service", "user-service", "exam-service", "product-service")), "east: " + east);
        assertTrue(west.contains("product-service"), "west: " + west);
        assertTrue(west.stream().noneMatch(s -> s.matches("(cart|order|user|exam)-service")), "west runs more than product-service: " + west);
    }

    /** The Services of a render that the Link's default selector (mirror.linkerd.io/exported=true) mirrors. */
    static TreeSet<String> exported(Render r) {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectNode o : r.objects()) {
            if (o.path("kind").asText().equals("Service")
                    && o.path("metadata").path("labels").path("mirror.linkerd.io/exported").asText().equals("true")) {
                names.add(o.path("metadata").path("name").asText());
            }
        }
        return names;
    }

    @Test
    void linkerdWestExportsProductServiceOnly() {
        assertEquals(new TreeSet<>(List.of("product-service")), exported(render("linkerd-west")));
        // East exports nothing, and without the placement's patch the overlay exports nothing either: the control.
        assertEquals(new TreeSet<>(), exported(render("linkerd-east")));
        assertEquals(new TreeSet<>(), exported(Kustomize.overlay("linkerd")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio-east", "istio-west"})
    void istioFailsOverProductService(String placement) {
        assertEquals(List.of(), failover(render(placement)));
    }

    @Test
    void failoverWithoutOutlierDetectionIsCaught() {
        Render r = render("istio-east");
        r.objects().stream().filter(o -> o.path("kind").asText().equals("DestinationRule") && o.path("metadata").path("name").asText().equals("product-service"))
                .forEach(o -> ((ObjectNode) o.path("spec").path("trafficPolicy")).remove("outlierDetection"));
        assertTrue(failover(r).stream().anyMatch(e -> e.contains("no outlierDetection")), failover(r).toString());
    }

    @Test
    void regionFailoverWithoutFailoverPriorityIsCaught() throws IOException {
        Render r = render("istio-east");
        var regions = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree("""
                enabled: true
                failover: [{from: east, to: west}, {from: west, to: east}]
                """);
        r.objects().stream().filter(o -> o.path("kind").asText().equals("DestinationRule") && o.path("metadata").path("name").asText().equals("product-service"))
                .forEach(o -> ((ObjectNode) o.path("spec").path("trafficPolicy").path("loadBalancer")).set("localityLbSetting", regions));
        assertTrue(failover(r).stream().anyMatch(e -> e.contains("no failoverPriority led by")), failover(r).toString());
        assertEquals(1, failover(r).size(), "outlier detection is still there: " + failover(r));
    }

    @Test
    void aFailoverPriorityByRegionIsCaught() {
        Render r = render("istio-west");
        r.objects().stream().filter(o -> o.path("kind").asText().equals("DestinationRule") && o.path("metadata").path("name").asText().equals("product-service"))
                .forEach(o -> ((ObjectNode) o.path("spec").path("trafficPolicy").path("loadBalancer").path("localityLbSetting"))
                        .putArray("failoverPriority").add("topology.kubernetes.io/region"));
        assertTrue(failover(r).stream().anyMatch(e -> e.contains("no failoverPriority led by")), failover(r).toString());
    }

    @Test
    void theOverlayAloneHasNoFailover() {
        assertTrue(failover(Kustomize.overlay("istio")).stream().anyMatch(e -> e.contains("no localityLbSetting")));
    }

    @Test
    void theEastWestGatewayValidatesAgainstTheCrd() throws IOException {
        Render r = new Render("expose-services", "istio",
                Kustomize.parse(Files.readString(Repo.mesh().resolve("multicluster/istio/expose-services.yaml"))));
        assertEquals(List.of(), Validation.crdKinds(r));
        assertEquals(1, r.objects().size());
    }
}
