package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * status: what every workshop checkpoint starts with (as `make status`): every Deployment and StatefulSet of the
 * namespace rolled out, every pod Ready, and under a mesh every pod carrying the mesh's proxy.
 */
@Scenario("status")
class StatusScenario {
    @Test
    @Order(1)
    @DisplayName("the suite is up")
    void up(ScenarioContext ctx) {
        boolean rolled = ctx.cluster().waitRollouts(Duration.ofSeconds(300));
        ctx.recorder().check("rolled-out", rolled, "every Deployment and StatefulSet rolled out",
                rolled ? "rolled out" : "still rolling out after 300 s");
        List<Pod> pods = ctx.cluster().runningPods(Map.of());
        long ready = pods.stream().filter(p -> p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count();
        ctx.recorder().check("pods-ready", !pods.isEmpty() && ready == pods.size(), "every pod Ready",
                ready + " of " + pods.size() + " Ready");
        if (ctx.mesh().meshed()) {
            // Ambient: the entry's and the waypoint's Envoys (Gateway API Gateways) are the mesh's proxies, not enrolled pods.
            List<String> unmeshed = pods.stream()
                    .filter(p -> ctx.mesh() != Mesh.ISTIO_AMBIENT || p.getMetadata().getLabels() == null
                            || !p.getMetadata().getLabels().containsKey("gateway.networking.k8s.io/gateway-name"))
                    .map(p -> p.getMetadata().getName())
                    .filter(name -> !ctx.cluster().hasProxy(ctx.settings().namespace(), name, ctx.mesh())).toList();
            ctx.recorder().check("pods-meshed", unmeshed.isEmpty(), "every pod with " + ctx.mesh().enrollment(),
                    unmeshed.isEmpty() ? pods.size() + " pods meshed" : "not meshed: " + unmeshed);
        }
    }
}
