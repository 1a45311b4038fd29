package dev.meshdemo.scenarios.feature;

import dev.meshdemo.common.identity.WhoAmIResource.WhoAmI;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * multicluster-identity (make scenarios-multicluster): a call from east's meshed client to product-service served
 * by a west pod carries a mesh identity that west verified under the shared trust root, against a client outside
 * the mesh that calls the same west endpoint through west's gateway and is refused, in the same run.
 * <ul>
 *   <li>Istio: east's product pods scaled to zero (restored at the end), so east's sidecar sends the call through
 *       west's east-west gateway (AUTO_PASSTHROUGH); west's /whoami (its sidecar's x-forwarded-client-cert) names
 *       the east client's own SPIFFE id, spiffe://cluster.local/ns/NS/sa/scenario-multicluster. Control: TLS to the
 *       gateway's 15443 with the same SNI, no client certificate: west ends the handshake (the gateway's passthrough
 *       chains match Istio's ALPN, which curl does not offer; past them west's sidecar, STRICT, wants a client
 *       certificate), no HTTP answer (curl 000, exit 35/52/56).</li>
 *   <li>Linkerd (gateway mode): the client calls product-service-west (the mirror); west's /whoami (its proxy's
 *       l5d-client-id) names west's gateway, linkerd-gateway.linkerd-multicluster, since the gateway terminates
 *       east's mTLS and opens its own. Control: plain HTTP to the gateway's 4143: its policy wants a meshed identity
 *       (403 without x-service, or the connection closed without an answer).</li>
 * </ul>
 * A control that cannot reach the gateway at all (curl 6/7/28) does not pass as a refusal.
 */
@Scenario("multicluster-identity")
class MulticlusterIdentityScenario {
    /** Who answered, and the /whoami it returned (null when there was no 200). */
    record Call(HttpSample sample, WhoAmI whoami) {
        String describe() {
            return sample.statusText() + " exit " + sample.exitCode() + " x-service '" + sample.header() + "'"
                    + (whoami == null ? "" : ", pod " + whoami.pod() + ", identity "
                    + (whoami.peer() == null ? "no peer" : whoami.peer().identity() + " source " + whoami.peer().source()));
        }
    }

    private MultiCluster mc;
    private ClientPod meshed;
    private ClientPod unmeshed;
    private Call control;

    /** The peer identity west's pod reports for the east client's call. */
    static String expectedIdentity(Mesh mesh, String ns) {
        return mesh.isIstio() ? mesh.identityOf(MultiCluster.CLIENT_SA, ns) : MultiCluster.LINKERD_GATEWAY_IDENTITY;
    }

    static Prediction<Call> servedByWestWithIdentity(Mesh mesh, String ns, Set<String> westPods) {
        String identity = expectedIdentity(mesh, ns);
        return Prediction.of("200 from a west pod " + westPods + ", peer identity " + identity + " (source "
                + mesh.identitySource() + ")", c -> c.whoami() != null && westPods.contains(c.whoami().pod())
                && c.whoami().peer() != null && identity.equals(c.whoami().peer().identity())
                && Objects.equals(mesh.identitySource(), c.whoami().peer().source()));
    }

    /** Refused by west's proxy or gateway once connected: never an answer from product-service, never a network failure. */
    static Prediction<Call> refusedAtWest(Mesh mesh) {
        return mesh.isIstio()
                ? Prediction.of("TLS refused by west without an HTTP answer (curl 000, exit 35/52/56)",
                        c -> c.sample().status() == 0 && Set.of(35, 52, 56).contains(c.sample().exitCode()))
                : Prediction.of("refused by west's gateway: 403 without x-service, or closed without an answer (exit 52/56)",
                        c -> (c.sample().status() == 403 && c.sample().header().isEmpty())
                                || (c.sample().status() == 0 && Set.of(52, 56).contains(c.sample().exitCode())));
    }

    @Test
    @Order(1)
    @DisplayName("two clusters, the clients and their grants")
    void setup(ScenarioContext ctx) {
        mc = MultiCluster.connectWithClient(ctx);
        meshed = mc.client;
        unmeshed = mc.unmeshedClient();
    }

    @Test
    @Order(2)
    @DisplayName("control: a client outside the mesh through west's gateway")
    void outsideTheMesh(ScenarioContext ctx) {
        String address = mc.westGatewayAddress();
        List<String> call = MultiCluster.unmeshedThroughGateway(ctx.mesh(), mc.ns, address);
        HttpSample.Samples s = unmeshed.requests(1, 1, "x-service", call.get(0),
                call.subList(1, call.size()).toArray(String[]::new));
        control = new Call(s.size() == 0 ? new HttpSample(0, 0, -1, "") : s.all().get(0), null);
        ctx.recorder().pass("west-gateway-address", address + " (" + String.join(" ", call) + ")");
    }

    @Test
    @Order(3)
    @DisplayName("east's meshed client, served by west")
    void servedByWest(ScenarioContext ctx) {
        String url;
        if (ctx.mesh().isIstio()) {
            mc.scaleEastProductToZero();
            url = mc.productUrl("/whoami");
        } else {
            url = mc.mirrorUrl("/whoami");
        }
        Set<String> westPods = mc.productPods(mc.west);
        if (ctx.mesh().isIstio()) {
            // Both clusters sign under trust domain cluster.local, so the SPIFFE id names no cluster: it can only be
            // east's certificate because the ServiceAccount exists in east alone.
            ctx.recorder().check("client-identity-only-in-east", mc.west.client().serviceAccounts().inNamespace(mc.ns)
                            .withName(MultiCluster.CLIENT_SA).get() == null,
                    "no ServiceAccount " + MultiCluster.CLIENT_SA + " in west", "serviceaccounts of " + mc.ns + " in west");
        }
        Prediction<Call> treated = servedByWestWithIdentity(ctx.mesh(), mc.ns, westPods);
        Waits.until("a /whoami from east's client answered by west", Duration.ofSeconds(120), () -> treated.holds(once(url)));
        Call seen = once(url);
        ctx.recorder().contrast("cross-cluster-identity", treated, "east's meshed client " + MultiCluster.CLIENT_SA + " -> " + url,
                seen, refusedAtWest(ctx.mesh()), "a client outside the mesh -> west's gateway, same endpoint", control,
                Call::describe);
    }

    private Call once(String url) {
        List<ClientPod.Reply> r = meshed.replies(1, url);
        ClientPod.Reply reply = r.isEmpty() ? new ClientPod.Reply(new HttpSample(0, 0, -1, ""), "") : r.get(0);
        return new Call(reply.sample(), MultiCluster.whoami(reply));
    }

    @Test
    @Order(4)
    @DisplayName("restore east's product pods")
    void restore(ScenarioContext ctx) {
        if (ctx.mesh().isIstio() && mc.restoreEastProduct()) {
            ctx.recorder().check("east-restored", !mc.productPods(mc.east).isEmpty(), "east's product pods running again",
                    "product pods " + mc.productPods(mc.east));
        }
    }
}
