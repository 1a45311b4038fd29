package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Observation;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * multicluster-failover (make scenarios-multicluster): east's calls to product-service keep being answered, by
 * west, when east's product pods are gone; the control, in the same run: with the way to west closed too, the same
 * calls fail. Then everything is put back (also on failure, by the clean-up) and the scenario waits, with backoff,
 * until east serves its own calls again.
 * <ul>
 *   <li>Istio: the product-service DestinationRule's localityLbSetting (failoverPriority topology.istio.io/network:
 *       east's network first, then west's through its east-west gateway) with outlier detection
 *       (mesh/multicluster/istio/failover, istio.io 1.30 "Locality failover"). With east's Deployments
 *       scaled to zero, east's sidecar has only west's endpoint (west's east-west gateway). Control: that gateway
 *       scaled to zero.</li>
 *   <li>Linkerd: `make multicluster MESH=linkerd` installs neither the failover extension (deprecated) nor a
 *       federated Service (pod-to-pod networking only, which two kind clusters lack), so the scenario applies its own
 *       failover: an HTTPRoute on east's product-service with backends product-service and product-service-west
 *       ({@link MultiCluster#linkerdFailoverRoute}), taken only by requests with the scenario's header, removed at the
 *       end. Control: west's product-service unexported, so east's mirror product-service-west is gone.</li>
 * </ul>
 * Each request is a GET /whoami, so every answer names the pod, and so the cluster, that served it.
 */
@Scenario("multicluster-failover")
class MulticlusterFailoverScenario {
    static final int N = 40;

    private MultiCluster mc;
    private ClientPod client;
    private Set<String> eastPods;
    private Set<String> westPods;
    private MultiCluster.Batch treatment;

    static Prediction<MultiCluster.Batch> allFromWest() {
        return Prediction.of("every call 2xx, every answer from a west pod", b -> b.n() > 0 && b.ok() == b.n() && b.fromWest() == b.n());
    }

    static Prediction<MultiCluster.Batch> noneAnswered() {
        return Prediction.of("no call 2xx (no product pod in east, no way to west)", b -> b.n() > 0 && b.ok() == 0);
    }

    @Test
    @Order(1)
    @DisplayName("two clusters, the client and its grants")
    void setup(ScenarioContext ctx) {
        mc = MultiCluster.connectWithClient(ctx);
        client = mc.client;
        if (!ctx.mesh().isIstio()) {
            mc.east.applyTemporarily("remove the Linkerd failover route", MultiCluster.linkerdFailoverRoute(mc.ns));
        }
        eastPods = mc.productPods(mc.east);
        westPods = mc.productPods(mc.west);
    }

    private MultiCluster.Batch calls(int n) {
        String url = mc.productUrl("/whoami");
        List<ClientPod.Reply> r = mc.mesh.isIstio() ? client.replies(n, url)
                : client.replies(n, url, "--header", MultiCluster.FAILOVER_HEADER + ": " + MultiCluster.FAILOVER_HEADER_VALUE);
        return MultiCluster.Batch.of(r, eastPods, westPods);
    }

    @Test
    @Order(2)
    @DisplayName("both clusters up: east serves its own calls")
    void baseline(ScenarioContext ctx) {
        Waits.until("east's client answered by product-service", Duration.ofSeconds(90), () -> calls(5).ok() == 5);
        MultiCluster.Batch b = calls(20);
        // Istio's network preference (failoverPriority) keeps every call in east; Linkerd's route gives west weight 1 of 100.
        ctx.recorder().record("served-in-east", b.ok() == b.n() && b.fromEast() >= b.n() - 2,
                "every call 2xx, at least n-2 answered by east's pods " + eastPods,
                Observation.of("east's product pods up", b.describe(), b.values()), null,
                "east does not serve its own calls: make multicluster-status MESH=" + ctx.mesh().id());
    }

    @Test
    @Order(3)
    @DisplayName("east's product pods gone: answered from west")
    void eastGone(ScenarioContext ctx) {
        mc.scaleEastProductToZero();
        Waits.until("east's calls answered again, by west", Duration.ofSeconds(180), () -> allFromWest().holds(calls(5)));
        treatment = calls(N);
    }

    @Test
    @Order(4)
    @DisplayName("control: the way to west closed as well")
    void wayClosed(ScenarioContext ctx) {
        String closed = mc.closeWayToWest();
        Waits.until("east's calls failing", Duration.ofSeconds(120), () -> noneAnswered().holds(calls(5)));
        MultiCluster.Batch control = calls(N);
        ctx.recorder().contrast("failover-to-west", allFromWest(), "east's product-service scaled to 0", treatment,
                noneAnswered(), "and " + closed, control, MultiCluster.Batch::describe);
    }

    @Test
    @Order(5)
    @DisplayName("restore both, and east serves again")
    void restore(ScenarioContext ctx) {
        ctx.cleanup().restoreNow(MultiCluster.REOPEN_WEST);
        mc.restoreEastProduct();
        Set<String> now = mc.productPods(mc.east);
        // Outlier detection may hold an endpoint ejected for its baseEjectionTime (30 s) after the control's 5xx.
        boolean recovered = Waits.until("east's calls answered by east again", Duration.ofSeconds(240), () -> {
            MultiCluster.Batch b = MultiCluster.Batch.of(calls(10).replies(), now, westPods);
            return b.ok() == b.n() && b.fromEast() >= b.n() - 1;
        });
        MultiCluster.Batch b = MultiCluster.Batch.of(calls(10).replies(), now, westPods);
        ctx.recorder().record("recovered", recovered, "every call 2xx, answered by east's pods again " + now,
                Observation.of("everything restored", b.describe(), b.values()), null, "not recovered within 240 s");
    }
}
