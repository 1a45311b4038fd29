package dev.meshdemo.scenarios.feature;

import dev.meshdemo.common.identity.WhoAmIResource.WhoAmI;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HostHttp;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * mtls: who a server sees as its peer, and who may connect at all, against the previous policy.
 * <ul>
 *   <li>local: /whoami of every service names the service, peer identity null (no mesh).</li>
 *   <li>Control (the previous policy, measured first): Istio with PeerAuthentication PERMISSIVE on every service,
 *       Linkerd with an unauthenticated grant on GET /whoami; both with GET /whoami open to any caller. The
 *       unmeshed client (namespace without injection) gets an HTTP answer from the app, with identity null.</li>
 *   <li>Treatment (the overlay's policy): Istio STRICT: the unmeshed client's connection is reset without an HTTP
 *       answer (curl 000, exit 52/56); a 403 does NOT pass, it would mean the plaintext request was accepted.
 *       Linkerd: exactly 403 from the proxy (no x-service header); 000 does not pass (a DNS or network failure).
 *       The meshed client (ServiceAccount scenario-mtls) sees its exact identity: spiffe://cluster.local/ns/NS/sa/
 *       scenario-mtls (source istio) or scenario-mtls.NS.serviceaccount.identity.linkerd.cluster.local (linkerd).</li>
 *   <li>plain: both clients answered 200, identity null.</li>
 * </ul>
 * /whoami is in nobody's call graph: for its run the scenario grants GET /whoami to scenario-mtls (Istio: an
 * AuthorizationPolicy per service; Linkerd: an HTTPRoute on each Server with an AuthorizationPolicy) and removes
 * every grant at the end.
 */
@Scenario(value = "mtls", local = true)
class MtlsScenario {
    static final String CLIENT_SA = "scenario-mtls";
    static final String CONTROL = "the previous policy (restored afterwards)";

    private ClientPod meshed;
    private ClientPod unmeshed;
    private final Map<String, HttpSample> controlUnmeshed = new HashMap<>();
    private final Map<String, WhoAmI> controlIdentity = new HashMap<>();

    static WhoAmI whoami(ClientPod pod, String url) {
        Cluster.ExecResult r = pod.call("GET", url, null);
        HttpSample s = ClientPod.lastSample(r);
        if (s.status() != 200) {
            return null;
        }
        try {
            return HostHttp.JSON.readValue(ClientPod.body(r), WhoAmI.class);
        } catch (Exception e) {
            throw new IllegalStateException("/whoami answer does not match WhoAmI: " + e.getMessage());
        }
    }

    static HttpSample once(ClientPod pod, String url) {
        HttpSample.Samples s = pod.requests(1, 1, "x-service", url);
        return s.size() == 0 ? new HttpSample(0, 0, -1, "") : s.all().get(0);
    }

    @Test
    @Order(1)
    @DisplayName("whoami without a mesh (local suite)")
    void local(ScenarioContext ctx) {
        if (!ctx.local()) {
            return; // the cluster steps follow
        }
        for (String svc : Cluster.SERVICES) {
            HostHttp.Response r = ctx.http().get(ctx.serviceUrl(svc, "/whoami"));
            WhoAmI w = r.as(WhoAmI.class);
            ctx.recorder().equal(svc + ".whoami.service", svc, w.service(), null);
            ctx.recorder().equal(svc + ".whoami.peer.identity", null, w.peer() == null ? "no peer field" : w.peer().identity(), null);
        }
    }

    @Test
    @Order(2)
    @DisplayName("clients and the /whoami grant")
    void clients(ScenarioContext ctx) {
        if (ctx.local()) {
            return;
        }
        meshed = ctx.meshedClient("scenario-mtls", CLIENT_SA);
        unmeshed = ctx.unmeshedClient("scenario-unmeshed");
        if (ctx.mesh().meshed()) {
            ctx.cluster().applyTemporarily("remove the /whoami grant of " + CLIENT_SA, MeshPolicies.whoamiGrant(ctx.mesh(),
                    ctx.settings().namespace(), CLIENT_SA));
        }
    }

    @Test
    @Order(3)
    @DisplayName("control: the previous policy")
    void control(ScenarioContext ctx) {
        if (ctx.local() || !ctx.mesh().meshed()) {
            return;
        }
        String ns = ctx.settings().namespace();
        ctx.cluster().applyTemporarily("back to the overlay's mTLS policy", MeshPolicies.previousMtlsPolicy(ctx.mesh(), ns));
        for (String svc : Cluster.SERVICES) {
            String url = ctx.serviceUrl(svc, "/whoami");
            Waits.until("the previous policy reaches " + svc, Duration.ofSeconds(90),
                    () -> once(unmeshed, url).status() == 200);
            controlUnmeshed.put(svc, once(unmeshed, url));
            controlIdentity.put(svc, whoami(unmeshed, url));
        }
        ctx.cleanup().restoreNow("back to the overlay's mTLS policy");
    }

    @Test
    @Order(4)
    @DisplayName("peer identity and the unmeshed client under the overlay's policy")
    void treatment(ScenarioContext ctx) {
        if (ctx.local()) {
            return;
        }
        Mesh mesh = ctx.mesh();
        String ns = ctx.settings().namespace();
        String expectedIdentity = mesh.identityOf(CLIENT_SA, ns);
        for (String svc : Cluster.SERVICES) {
            String url = ctx.serviceUrl(svc, "/whoami");
            if (!mesh.meshed()) {
                WhoAmI w = whoami(meshed, url);
                ctx.recorder().check(svc + ".whoami.identity-null", w != null && w.peer() != null && w.peer().identity() == null,
                        "200 with peer.identity null (no mesh)", String.valueOf(w));
                ctx.recorder().equal(svc + ".unmeshed-allowed", 200, once(unmeshed, url).statusText(), "GET /whoami");
                continue;
            }
            Prediction<HttpSample> refused = mesh.isIstio()
                    ? Prediction.of("connection reset without an HTTP answer (curl 000, exit 52/56)", HttpSample::resetWithoutAnswer)
                    : Prediction.of("exactly 403 from the proxy (no x-service header)",
                    s -> s.status() == 403 && s.header().isEmpty());
            Waits.until("the overlay's policy reaches " + svc, Duration.ofSeconds(90), () -> refused.holds(once(unmeshed, url)));
            HttpSample now = once(unmeshed, url);
            ctx.recorder().contrast(svc + ".unmeshed-refused", refused, "overlay policy", now,
                    Prediction.of("an HTTP answer from " + svc, s -> s.answered() && svc.equals(s.header())), CONTROL,
                    controlUnmeshed.get(svc), s -> s.statusText() + " exit " + s.exitCode() + " x-service '" + s.header() + "'");

            Waits.until("GET /whoami from scenario-mtls on " + svc, Duration.ofSeconds(60), () -> whoami(meshed, url) != null);
            WhoAmI seen = whoami(meshed, url);
            ctx.recorder().equal(svc + ".whoami.service", svc, seen == null ? "no answer" : seen.service(), null);
            ctx.recorder().contrast(svc + ".peer-identity",
                    Prediction.<WhoAmI>of(expectedIdentity + " (source " + mesh.identitySource() + ")",
                            w -> w.peer() != null && expectedIdentity.equals(w.peer().identity())
                                    && Objects.equals(mesh.identitySource(), w.peer().source())),
                    "meshed client " + CLIENT_SA, seen,
                    Prediction.of("identity null", w -> w.peer() != null && w.peer().identity() == null),
                    "unmeshed client, " + CONTROL, controlIdentity.get(svc),
                    w -> "identity " + (w.peer() == null ? "no peer" : w.peer().identity() + " source " + w.peer().source()));
        }
    }
}
