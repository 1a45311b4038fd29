package dev.meshdemo.mesh.validation;

import static dev.meshdemo.mesh.validation.MeshInstallTest.assertBefore;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What `make multicluster MESH=...` would run in each cluster (`make -n`, nothing executed, no cluster): the
 * pinned Gateway API CRDs in both contexts before the mesh, as `make mesh-install` does for one cluster
 * (istioctl ships none; linkerd-crds' installGatewayAPI is false at edge-26.6.3, and Linkerd's policy
 * controller and the failover scenario's HTTPRoute need them).
 */
class MultiClusterInstallTest {

    private static final String CRDS = "gateway-api/releases/download/v1.5.1/standard-install.yaml";

    @ParameterizedTest
    @ValueSource(strings = {"istio", "linkerd"})
    void eachClusterGetsTheGatewayApiCrdsBeforeTheMesh(String mesh) throws Exception {
        String out = WorkshopStepsTest.make("-n", "multicluster-" + mesh);
        String meshInstall = mesh.equals("istio") ? "istioctl install" : "linkerd --context \"$ctx\" install --crds";
        for (String context : new String[] {"kind-meshdemo-east", "kind-meshdemo-west"}) {
            assertBefore(out, "gateway-api GATEWAY_API_CONTEXT='" + context + "'", meshInstall);
        }
    }

    /**
     * multicluster-deploy writes each cluster's kustomization under the render directory; its way back to the
     * placement is derived from that directory's depth (the tests render under mesh/validation/target/step-path,
     * deeper than the default target/mesh-render).
     */
    @Test
    void eachClustersKustomizationFindsItsPlacementFromWhereverTheRendersGo() throws Exception {
        String out = WorkshopStepsTest.make("-n", "multicluster-deploy", "MESH=linkerd");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("resources: \\[([./]+)/mesh/multicluster/placement/linkerd-\\$c]").matcher(out);
        assertTrue(m.find(), out);
        java.nio.file.Path root = Repo.root().toAbsolutePath().normalize();
        java.nio.file.Path clusterDir = root.resolve("mesh/validation/target/step-path/multicluster/linkerd-east");
        org.junit.jupiter.api.Assertions.assertEquals(root, clusterDir.resolve(m.group(1)).normalize(), out);
    }

    @Test
    void theCrdsGoToTheContextGiven() throws Exception {
        String out = WorkshopStepsTest.make("-n", "gateway-api", "GATEWAY_API_CONTEXT=ctx-a");
        assertTrue(out.contains("kubectl --context 'ctx-a' get crd httproutes.gateway.networking.k8s.io"), out);
        assertTrue(out.contains("kubectl --context 'ctx-a' apply --server-side -f https://github.com/kubernetes-sigs/" + CRDS), out);
        String current = WorkshopStepsTest.make("-n", "gateway-api");
        assertTrue(current.contains("kubectl apply --server-side -f https://github.com/kubernetes-sigs/" + CRDS), current);
        assertTrue(!current.contains("--context"), "no context given, the current one: " + current);
    }
}
