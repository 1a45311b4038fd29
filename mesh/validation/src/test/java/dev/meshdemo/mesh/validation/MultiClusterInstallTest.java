package dev.meshdemo.mesh.validation;

import static dev.meshdemo.mesh.validation.MeshInstallTest.assertBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What `make multicluster MESH=...` would run in each cluster (`make -n`, nothing executed, no cluster): the
 * pinned Gateway API CRDs in both contexts before the mesh, as `make mesh-install` does for one cluster
 * (istioctl ships none; linkerd-crds' installGatewayAPI is false at edge-26.6.3, and Linkerd's policy
 * controller and the failover scenario's HTTPRoute need them). clusters-up puts them in first, before
 * cloud-provider-kind (started with its Gateway API channel disabled) could install its own v1.5.0 bundle. Every
 * loop stops at its first error, and nothing a CLI renders is piped straight into kubectl (only kubectl's status
 * would count). Linkerd's control plane is installed or upgraded by mesh-install's logic, and link-gen waits for
 * the gateways' LoadBalancer addresses.
 */
class MultiClusterInstallTest {

    /** A loop's head, in the line that opens it. */
    private static final Pattern LOOP = Pattern.compile("\\bfor [a-z]+ in [^\\n]*; do\\b");
    /** A CLI's output piped into kubectl: the pipe hides the CLI's failure. printf of a captured value is fine. */
    private static final Pattern HIDDEN = Pattern.compile("(?:linkerd|istioctl|kubectl)\\b[^|;&\\n]*\\|\\s*kubectl\\b");

    /** The defects of the multi-cluster recipes in a `make -n` output: one line each. */
    static List<String> recipeErrors(String dryRun) {
        List<String> errors = new ArrayList<>();
        List<String> lines = dryRun.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (LOOP.matcher(lines.get(i)).find()) {
                // The shell the loop runs in starts at the first line of its continued recipe line.
                int start = i;
                while (start > 0 && lines.get(start - 1).endsWith("\\")) {
                    start--;
                }
                if (!lines.get(start).startsWith("set -e;")) {
                    errors.add("a loop without set -e, so only its last command's status counts: " + lines.get(start).trim());
                }
            }
        }
        Matcher pipe = HIDDEN.matcher(dryRun);
        while (pipe.find()) {
            errors.add("a CLI piped into kubectl, its failure hidden: " + pipe.group());
        }
        return errors;
    }

    @ParameterizedTest
    @ValueSource(strings = {"clusters-up", "clusters-down", "mc-certs-istio", "multicluster-istio", "multicluster-linkerd", "multicluster-deploy MESH=istio"})
    void everyRecipeStopsAtItsFirstError(String target) throws Exception {
        String out = WorkshopStepsTest.make(("-n " + target).split(" "));
        assertTrue(LOOP.matcher(out).find(), "the target loops: " + out);
        assertEquals(List.of(), recipeErrors(out), out);
    }

    @Test
    void theRecipeRulesRefuseALoopWithoutSetEAndAPipe() {
        // The form the recipes had: a loop whose last command is `set +x`, CLIs piped into kubectl.
        String old = """
                for c in east west; do \\
                  set -x; \\
                  linkerd --context "$ctx" install --crds | kubectl --context "$ctx" apply -f -; \\
                  set +x; \\
                done
                kubectl kustomize target/x/istio-east | kubectl --context 'kind-meshdemo-east' apply -f -
                """;
        List<String> errors = recipeErrors(old);
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).equals("a loop without set -e, so only its last command's status counts: for c in east west; do \\"), errors.toString());
        assertTrue(errors.get(1).contains("linkerd --context \"$ctx\" install --crds | kubectl"), errors.toString());
        assertTrue(errors.get(2).contains("kubectl kustomize target/x/istio-east | kubectl"), errors.toString());
        String fixed = """
                set -e; for c in a b; do \\
                  s=$(istioctl x); printf '%s\\n' "$s" | kubectl apply -f -; \\
                  linkerd install > d/x.yaml; kubectl apply -f d/x.yaml; \\
                done
                """;
        assertEquals(List.of(), recipeErrors(fixed));
    }

    @Test
    void clustersUpInstallsThePinnedCrdsBeforeCloudProviderKindRuns() throws Exception {
        String out = WorkshopStepsTest.make("-n", "clusters-up");
        for (String context : new String[] {"kind-meshdemo-east", "kind-meshdemo-west"}) {
            assertBefore(out, "kind create cluster", "gateway-api GATEWAY_API_CONTEXT='" + context + "'");
            assertBefore(out, "gateway-api GATEWAY_API_CONTEXT='" + context + "'", "next: run 'cloud-provider-kind --gateway-channel disabled'");
        }
        assertTrue(!out.contains("'sudo cloud-provider-kind"), "sudo only on macOS/WSL2: " + out);
    }

    @Test
    void linkerdIsUpgradedWhenInstalledAndTheLinksWaitForTheGateways() throws Exception {
        String out = WorkshopStepsTest.make("-n", "multicluster-linkerd");
        // mesh-install's branch (mk/mesh.mk linkerd_install_or_upgrade), per context, with the cluster's issuer.
        assertTrue(out.contains("kubectl --context \"$ctx\" -n linkerd get deploy linkerd-destination"), out);
        assertTrue(out.contains("linkerd --context \"$ctx\" upgrade --identity-trust-anchors-file .multicluster/certs/root-cert.pem"
                + " --identity-issuer-certificate-file .multicluster/certs/$c/ca-cert.pem"), out);
        assertTrue(WorkshopStepsTest.make("-n", "mesh-install", "MESH=linkerd").contains("kubectl -n linkerd get deploy linkerd-destination"));
        for (String peer : new String[] {"west", "east"}) {
            assertBefore(out, "get svc linkerd-gateway", "link-gen --cluster-name " + peer);
        }
        assertTrue(out.contains("{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}"), out);
        assertTrue(out.contains("[ \"$waited\" -ge 180 ]"), "bounded: " + out);
    }

    /** Every Istio install, one cluster or two, refuses an istioctl of another version (mk/mesh.mk need_istioctl). */
    @ParameterizedTest
    @ValueSource(strings = {"multicluster-istio", "mesh-install MESH=istio", "mesh-install MESH=istio-ambient"})
    void istioIsInstalledOnlyByTheIstioctlOfThePinnedVersion(String target) throws Exception {
        String out = WorkshopStepsTest.make(("-n " + target).split(" "));
        assertBefore(out, "if [ \"$v\" != \"1.30.3\" ]; then echo \"error: istioctl $v found, 1.30.3 needed", "istioctl install");
    }

    /** And every Linkerd install a linkerd CLI of another version (mk/mesh.mk need_linkerd). */
    @ParameterizedTest
    @ValueSource(strings = {"multicluster-linkerd", "mesh-install MESH=linkerd"})
    void linkerdIsInstalledOnlyByTheCliOfThePinnedVersion(String target) throws Exception {
        String out = WorkshopStepsTest.make(("-n " + target).split(" "));
        assertBefore(out, "if [ \"$v\" != \"edge-26.6.3\" ]; then echo \"error: linkerd CLI '$v' found, edge-26.6.3 needed", "install --crds");
    }

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
