package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.Features;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Kustomize;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * egress: curl in the meshed pod egress-probe (added by the component) asks http://example.com/ (registered:
 * Istio ServiceEntry, Linkerd the EgressNetwork's HTTPRoute) and http://example.org/ (registered nowhere).
 * <ul>
 *   <li>With the component (istio-egress: REGISTRY_ONLY; linkerd-egress: EgressNetwork Deny): example.org is
 *       refused by the mesh (Istio: 502 from the sidecar's block_all, or the connection closed; Linkerd: 403),
 *       example.com is not.</li>
 *   <li>Control, same run: the component's policy objects deleted for a moment, the probe kept: neither host
 *       is refused by the mesh.</li>
 * </ul>
 * What is compared is the kind of answer, not success: a cluster without internet cannot reach example.com
 * either way, but only the mesh answers a refusal. When the cluster cannot resolve a name, the request is sent to
 * TEST-NET-1 192.0.2.1 (RFC 5737, routes nowhere) with the same Host, so the proxy still sees and judges it.
 */
@Scenario("egress")
class EgressScenario {
    static final String ALLOWED = "example.com";
    static final String UNREGISTERED = "example.org";
    static final String NOWHERE = "192.0.2.1";
    static final Set<String> POLICY_KINDS = Set.of("Sidecar", "ServiceEntry", "EgressNetwork", "HTTPRoute");

    enum Kind { REFUSED_BY_MESH, ANSWERED, UNREACHABLE }

    /** What the two hosts got: each one's kind and the raw answer. */
    record Probe(Kind allowed, String allowedAnswer, Kind unregistered, String unregisteredAnswer) {
        @Override
        public String toString() {
            return ALLOWED + ": " + allowed + " (" + allowedAnswer + "), " + UNREGISTERED + ": " + unregistered + " ("
                    + unregisteredAnswer + ")";
        }
    }

    /** Whether an answer is the mesh's egress refusal: Istio 502 (block_all) or closed (BlackHole); Linkerd 403. */
    static Kind kind(Mesh mesh, HttpSample s) {
        boolean refused = switch (mesh) {
            case ISTIO -> s.status() == 502 || s.resetWithoutAnswer();
            case LINKERD -> s.status() == 403;
            case PLAIN, ISTIO_AMBIENT -> false;
        };
        if (refused) {
            return Kind.REFUSED_BY_MESH;
        }
        return s.answered() ? Kind.ANSWERED : Kind.UNREACHABLE;
    }

    static Prediction<Probe> restricted(Mesh mesh) {
        String refusal = mesh == Mesh.ISTIO ? "502 or connection closed" : "403";
        return Prediction.of(UNREGISTERED + " refused by the mesh (" + refusal + "), " + ALLOWED + " not",
                p -> p.unregistered() == Kind.REFUSED_BY_MESH && p.allowed() != Kind.REFUSED_BY_MESH);
    }

    static Prediction<Probe> open() {
        return Prediction.of("neither host refused by the mesh",
                p -> p.unregistered() != Kind.REFUSED_BY_MESH && p.allowed() != Kind.REFUSED_BY_MESH);
    }

    static String component(Mesh mesh) {
        return mesh.component("egress");
    }

    private static HttpSample curl(ScenarioContext ctx, String pod, String host, boolean viaNowhere, StringBuilder note) {
        List<String> cmd = new ArrayList<>(List.of("curl", "--silent", "--output", "/dev/null", "--max-time", "10",
                "--write-out", "%{http_code} %{time_total} %{exitcode} %header{server}\\n"));
        if (viaNowhere) {
            cmd.addAll(List.of("--resolve", host + ":80:" + NOWHERE));
        }
        cmd.add("http://" + host + "/");
        Cluster.ExecResult r = ctx.cluster().exec(ctx.settings().namespace(), pod, "curl", Duration.ofSeconds(30),
                cmd.toArray(String[]::new));
        List<HttpSample> s = HttpSample.parseCurl(r.stdout());
        HttpSample sample = s.isEmpty() ? new HttpSample(0, 0, r.exitCode(), "") : s.get(0);
        if (sample.exitCode() == 6 && !viaNowhere) {
            note.append(host).append(" does not resolve in the cluster; sent to ").append(NOWHERE).append(". ");
            return curl(ctx, pod, host, true, note);
        }
        return sample;
    }

    private static String describe(HttpSample s) {
        return s.statusText() + ", curl exit " + s.exitCode() + (s.header().isEmpty() ? "" : ", server " + s.header());
    }

    private static Probe probe(ScenarioContext ctx, StringBuilder note) {
        List<String> pods = ctx.cluster().runningPodNames("egress-probe");
        if (pods.isEmpty()) {
            throw new Precondition("no running egress-probe pod");
        }
        HttpSample allowed = curl(ctx, pods.get(0), ALLOWED, false, note);
        HttpSample other = curl(ctx, pods.get(0), UNREGISTERED, false, note);
        return new Probe(kind(ctx.mesh(), allowed), describe(allowed), kind(ctx.mesh(), other), describe(other));
    }

    /** The component's own policy objects (not the probe): what the control takes away for a moment. */
    static List<HasMetadata> policies(List<HasMetadata> withComponent, List<HasMetadata> without) {
        return Kustomize.onlyIn(withComponent, without).stream().filter(o -> POLICY_KINDS.contains(o.getKind())).toList();
    }

    @Test
    @Order(1)
    @DisplayName("with the egress policy, against the control without it")
    void egress(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            ctx.recorder().notOffered("plain Kubernetes", "no mesh proxy to restrict egress");
            return;
        }
        if (ctx.mesh() == Mesh.ISTIO_AMBIENT) {
            // ztunnel passes traffic to unknown hosts through, and the Sidecar resource (istio-egress) configures
            // sidecars only; ambient's egress control is an egress waypoint on a ServiceEntry, which this suite lacks.
            ctx.recorder().notOffered(ctx.mesh().id(), "no egress restriction in this suite (a Sidecar REGISTRY_ONLY has no effect"
                    + " without sidecars; ambient needs an egress waypoint on a ServiceEntry)");
            return;
        }
        String component = component(ctx.mesh());
        ComponentOff.require(ctx, component);
        List<String> active = ctx.features().active();
        List<String> with = new ArrayList<>(active);
        with.add(component);
        List<HasMetadata> policies = policies(
                Kustomize.render(ctx.settings().repoRoot(), ctx.mesh(), with, ctx.settings().registry()),
                Kustomize.render(ctx.settings().repoRoot(), ctx.mesh(), active, ctx.settings().registry()));
        if (policies.isEmpty()) {
            throw new Precondition(component + " renders no egress policy");
        }
        ctx.features().on(component);
        Waits.until("the probe pod runs", Duration.ofSeconds(180),
                () -> !ctx.cluster().runningPodNames("egress-probe").isEmpty());
        StringBuilder note = new StringBuilder();
        Waits.until("the egress policy reaches the probe's proxy", Duration.ofSeconds(120),
                () -> probe(ctx, new StringBuilder()).unregistered() == Kind.REFUSED_BY_MESH);
        Probe treated = probe(ctx, note);

        ctx.cleanup().defer("restore the egress policy", () -> ctx.cluster().apply(policies));
        ctx.cluster().delete(policies);
        Waits.until("the probe's proxy drops the egress policy", Duration.ofSeconds(120),
                () -> probe(ctx, new StringBuilder()).unregistered() != Kind.REFUSED_BY_MESH);
        Probe control = probe(ctx, note);
        ctx.cleanup().restoreNow("restore the egress policy");
        ctx.cleanup().restoreNow(Features.offDescription(List.of(component)));
        if (!note.isEmpty()) {
            ctx.recorder().step("note: " + note.toString().trim());
        }
        ctx.recorder().contrast("egress.unregistered-host-refused", restricted(ctx.mesh()), component, treated, open(),
                component + " policy objects deleted, probe kept", control, Probe::toString);
    }
}
