package dev.meshdemo.scenarios.feature;

import dev.meshdemo.common.identity.WhoAmIResource.WhoAmI;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Objects;

/**
 * identity (workshop phase 2): injection alone gives every meshed caller a mesh identity, with no policy written.
 * A meshed client (ServiceAccount scenario-identity) calls GET /whoami of every service through its Service and is
 * named exactly (Istio: spiffe://cluster.local/ns/NS/sa/scenario-identity from x-forwarded-client-cert; Linkerd:
 * scenario-identity.NS.serviceaccount.identity.linkerd.cluster.local from l5d-client-id). The control, in the same
 * run: a client in a namespace without injection makes the same call, is still let in (the mesh's default, nothing
 * strict yet) and is named by nobody (identity null). It applies no policy of its own, so it checks phase 2's state
 * only: once phase 4's authorization refuses /whoami it stops with a precondition instead of a verdict.
 */
@Scenario("identity")
class IdentityScenario {
    static final String CLIENT_SA = "scenario-identity";

    private ClientPod meshed;
    private ClientPod unmeshed;

    @Test
    @Order(1)
    @DisplayName("clients with and without a proxy")
    void clients(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            throw new Precondition("identity compares a meshed and an unmeshed caller: MESH=istio, istio-ambient or linkerd");
        }
        meshed = ctx.meshedClient("scenario-identity", CLIENT_SA);
        unmeshed = ctx.unmeshedClient("scenario-identity-unmeshed");
    }

    @Test
    @Order(2)
    @DisplayName("the meshed caller is named, the unmeshed one is not")
    void identities(ScenarioContext ctx) {
        Mesh mesh = ctx.mesh();
        if (mesh == Mesh.ISTIO_AMBIENT && ctx.cluster().client().genericKubernetesResources("gateway.networking.k8s.io/v1", "Gateway")
                .inNamespace(ctx.settings().namespace()).withName("waypoint").get() == null) {
            // ztunnel is L4: it adds no identity header, and the apps keep APP_MESH=none until the waypoint (phase 3)
            // writes x-forwarded-client-cert. Enrollment itself was checked above (istio-cni's redirection annotation).
            ctx.recorder().notOffered(mesh.id() + " without a waypoint", "the app sees no peer identity (ztunnel adds no"
                    + " header); the waypoint of phase 3 adds it (make phase-3-check MESH=" + mesh.id() + ")");
            return;
        }
        String expected = mesh.identityOf(CLIENT_SA, ctx.settings().namespace());
        for (String svc : Cluster.SERVICES) {
            String url = ctx.serviceUrl(svc, "/whoami");
            HttpSample plain = MtlsScenario.once(unmeshed, url);
            if (!plain.answered() || plain.status() == 403) {
                throw new Precondition("GET /whoami on " + svc + " from the unmeshed client got " + plain.statusText()
                        + ": the namespace is past phase 2 (mTLS STRICT or authorization on); `make phase-2-check` checks"
                        + " the state of phase 2 (reset: make phase-3-reset MESH=" + mesh.id() + ")");
            }
            WhoAmI control = MtlsScenario.whoami(unmeshed, url);
            Waits.until("GET /whoami from " + CLIENT_SA + " on " + svc, Duration.ofSeconds(60),
                    () -> MtlsScenario.whoami(meshed, url) != null);
            WhoAmI seen = MtlsScenario.whoami(meshed, url);
            ctx.recorder().equal(svc + ".whoami.service", svc, seen == null ? "no answer" : seen.service(), null);
            ctx.recorder().contrast(svc + ".peer-identity",
                    Prediction.<WhoAmI>of(expected + " (source " + mesh.identitySource() + ")",
                            w -> w != null && w.peer() != null && expected.equals(w.peer().identity())
                                    && Objects.equals(mesh.identitySource(), w.peer().source())),
                    "meshed client " + CLIENT_SA, seen,
                    Prediction.of("200, identity null (plaintext, no certificate)",
                            w -> w != null && w.peer() != null && w.peer().identity() == null),
                    "client without a proxy", control,
                    w -> w == null ? "no answer" : "identity " + (w.peer() == null ? "no peer" : w.peer().identity()
                            + " source " + w.peer().source()));
        }
    }
}
