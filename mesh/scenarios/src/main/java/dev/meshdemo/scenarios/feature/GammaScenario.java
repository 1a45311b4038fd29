package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Bands;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.Features;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Kustomize;
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
import java.util.Locale;

/**
 * gamma: the product canary as Gateway API HTTPRoutes with the product-service Service as parent (the same files
 * on Istio and Linkerd), in place of the mesh's native routes. A meshed client running as cart-service sends
 * N = 400 GET /products/1 and N_VIP = 100 with user-type: vip.
 * <ul>
 *   <li>With the gamma component (native product routes deleted for the run): the v2 share is
 *       0.10 +- 4 sqrt(0.09/400) = 0.10 +- 0.06, every vip request reaches v2.</li>
 *   <li>Control, same run: the GAMMA routes deleted too, so no route governs product-service: v2 gets about
 *       its pod share (at least half of it) and the vip header does not pin v2.</li>
 * </ul>
 */
@Scenario("gamma")
class GammaScenario {
    static final int N = Integer.getInteger("meshdemo.gamma.requests", 400);
    static final int N_VIP = 100;
    static final String COMPONENT = "gamma";
    static final String RESTORE_NATIVE = "restore the native product-service routes";
    static final String RESTORE_GAMMA = "restore the GAMMA product-service routes";

    private ClientPod caller;
    private double podShare;

    /** One run: the non-vip and the vip answers. */
    record Run(HttpSample.Samples plain, HttpSample.Samples vip) {
        Bands.Share v2() {
            return plain.share(s -> "v2".equals(s.header()));
        }

        Bands.Share vipV2() {
            return vip.share(s -> "v2".equals(s.header()));
        }

        @Override
        public String toString() {
            return "v2 " + v2() + " (statuses " + plain.statuses() + "), vip on v2 " + vipV2();
        }
    }

    static Prediction<Run> routed(int n) {
        return Prediction.of("v2 share " + Bands.describe(0.1, n) + ", every vip request on v2",
                r -> r.plain().size() == n && r.plain().ok() == n && Bands.within(r.v2(), 0.1)
                        && r.vip().size() > 0 && r.vipV2().k() == r.vip().size());
    }

    static Prediction<Run> unrouted(double podShare) {
        return Prediction.of(String.format(Locale.ROOT, "v2 share >= %.2f (half the v2 pod share %.2f), vip not pinned to v2",
                podShare / 2, podShare), r -> r.v2().n() > 0 && r.v2().ratio() >= podShare / 2 && r.vipV2().k() < r.vip().size());
    }

    /** The GAMMA routes: gateway.networking.k8s.io HTTPRoutes whose parent is the product-service Service. */
    static boolean isGammaRoute(HasMetadata o) {
        return o.getKind().equals("HTTPRoute") && o.getApiVersion().startsWith("gateway.networking.k8s.io/")
                && CanaryScenario.isProductRoute(dev.meshdemo.scenarios.harness.Mesh.LINKERD, o);
    }

    private Run run(ScenarioContext ctx) {
        String url = ctx.serviceUrl("product-service", "/products/1");
        return new Run(caller.requests(N, 10, "x-service-version", url),
                caller.requests(N_VIP, 10, "x-service-version", url, "--header", "user-type: vip"));
    }

    @Test
    @Order(1)
    @DisplayName("preconditions")
    void preconditions(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            ctx.recorder().notOffered("plain Kubernetes", "a Service-parent HTTPRoute needs a mesh (GAMMA) to act");
            return;
        }
        ComponentOff.require(ctx, COMPONENT);
        podShare = CanaryScenario.v2PodShare(ctx);
        caller = ctx.meshedClient("scenario-gamma", "cart-service");
    }

    @Test
    @Order(2)
    @DisplayName("the GAMMA routes, against the control without any product route")
    void gamma(ScenarioContext ctx) {
        if (!ctx.mesh().meshed()) {
            return;
        }
        List<HasMetadata> nativeRoutes = CanaryScenario.productRoutes(ctx);
        List<String> with = new ArrayList<>(ctx.features().active());
        with.add(COMPONENT);
        List<HasMetadata> gammaRoutes = Kustomize.render(ctx.settings().repoRoot(), ctx.mesh(), with, ctx.settings().registry())
                .stream().filter(GammaScenario::isGammaRoute).toList();
        if (gammaRoutes.isEmpty()) {
            throw new Precondition("the gamma component renders no HTTPRoute with the product-service Service as parent");
        }
        ctx.features().on(COMPONENT);
        // Switching the component on deletes the native routes its render leaves out (two route sets on one
        // Service would fight); deleted here as well, so the run does not depend on that, and restored first.
        ctx.cleanup().defer(RESTORE_NATIVE, () -> ctx.cluster().apply(nativeRoutes));
        ctx.cluster().delete(nativeRoutes);
        String url = ctx.serviceUrl("product-service", "/products/1");
        Waits.until("the GAMMA vip route reaches the client proxy", Duration.ofSeconds(120),
                () -> caller.requests(20, 10, "x-service-version", url, "--header", "user-type: vip").withHeader("v2") == 20);
        Run treated = run(ctx);

        ctx.cleanup().defer(RESTORE_GAMMA, () -> ctx.cluster().apply(gammaRoutes));
        ctx.cluster().delete(gammaRoutes);
        Waits.until("the routes are gone from the client proxy", Duration.ofSeconds(90),
                () -> caller.requests(40, 10, "x-service-version", url).withHeader("v2") >= 10);
        Run control = run(ctx);
        // Switching the component off deletes its routes anyway; the native ones come back first.
        ctx.cleanup().forget(RESTORE_GAMMA);
        ctx.cleanup().restoreNow(RESTORE_NATIVE);
        ctx.cleanup().restoreNow(Features.offDescription(List.of(COMPONENT)));
        ctx.recorder().contrast("gamma.vip-and-canary", routed(N), "GAMMA HTTPRoutes (" + gammaRoutes.size() + ")", treated,
                unrouted(podShare), "no product route", control, Run::toString);
    }
}
