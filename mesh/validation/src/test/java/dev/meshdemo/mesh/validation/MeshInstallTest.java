package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What `make mesh-install` would run (`make -n`, nothing executed, no cluster): the Gateway API CRDs for both
 * meshes (istioctl ships none, and the gamma component needs them), Linkerd's proxy tracing pointed at the
 * observability collector on install and upgrade, `linkerd prune` after an upgrade, each rendering applied only
 * once its CLI has succeeded, and the sentence that the running pods keep their old proxy until they restart.
 */
class MeshInstallTest {

    static String dryRun(String mesh) throws Exception {
        return WorkshopStepsTest.make("-n", "mesh-install", "MESH=" + mesh);
    }

    static void assertBefore(String out, String first, String then) {
        int a = out.indexOf(first);
        int b = out.indexOf(then);
        assertTrue(a >= 0 && b > a, "'" + first + "' before '" + then + "' in:\n" + out);
    }

    @Test
    void istioInstallsTheGatewayApiCrdsFirstAndSaysToRestart() throws Exception {
        String out = dryRun("istio");
        assertBefore(out, "gateway-api/releases/download/", "istioctl install");
        assertBefore(out, "istioctl install", "kubectl -n meshdemo rollout restart deploy && kubectl -n meshdemo rollout restart statefulset postgres");
    }

    @Test
    void linkerdTracesThroughTheCollectorAndPrunesAfterAnUpgrade() throws Exception {
        String out = dryRun("linkerd");
        String tracing = "--set proxy.tracing.enabled=true --set proxy.tracing.collector.endpoint=otel-collector.meshdemo.svc.cluster.local:4317"
                + " --set proxy.tracing.collector.meshIdentity.serviceAccountName=otel-collector"
                + " --set proxy.tracing.collector.meshIdentity.namespace=meshdemo";
        // Each rendering goes to a file that kubectl applies only once the CLI has succeeded (set -e; a pipe would
        // report kubectl's status only).
        String dir = "mesh/validation/target/step-path/linkerd-install";
        assertTrue(out.startsWith("set -e;", out.indexOf("set -e; umask 077; mkdir -p " + dir)), out);
        assertTrue(out.contains("linkerd install " + tracing + " > " + dir + "/control-plane.yaml; kubectl apply -f " + dir + "/control-plane.yaml;"), out);
        assertTrue(out.contains("linkerd upgrade " + tracing + " > " + dir + "/control-plane.yaml; kubectl apply -f " + dir + "/control-plane.yaml;"), out);
        assertBefore(out, "linkerd upgrade " + tracing, "linkerd prune > " + dir + "/prune.yaml");
        assertTrue(out.contains("kubectl delete -f " + dir + "/prune.yaml"), "prune's output is deleted: " + out);
        assertTrue(!out.matches("(?s).*linkerd [^|;\\n]*\\| *kubectl.*"), "no linkerd output piped into kubectl: " + out);
        assertBefore(out, "gateway-api/releases/download/", "linkerd install --crds");
        assertBefore(out, "linkerd check\n", "rollout restart statefulset postgres");
    }

    /** The install keeps Istio's mesh-wide default retry policy safe; a widened one (5xx) is refused. */
    @Test
    void theMeshWideRetryPolicyRetriesNothingThatReachedTheApp() throws Exception {
        var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        var operator = (com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(Repo.mesh().resolve("install/istio-operator.yaml").toFile());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), MeshRules.meshWideRetryPolicySafe(operator));
        var widened = operator.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) widened.path("spec").path("meshConfig")).putObject("defaultHttpRetryPolicy")
                .put("attempts", 2).put("retryOn", "connect-failure,5xx");
        var errors = MeshRules.meshWideRetryPolicySafe(widened);
        assertTrue(errors.size() == 1 && errors.get(0).contains("retries [5xx] on every route"), errors.toString());
    }
}
