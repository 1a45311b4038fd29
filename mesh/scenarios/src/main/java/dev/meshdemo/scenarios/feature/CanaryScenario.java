package dev.meshdemo.scenarios.feature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshdemo.product.api.ProductDto;
import dev.meshdemo.scenarios.harness.Bands;
import dev.meshdemo.scenarios.harness.ClientPod;
import dev.meshdemo.scenarios.harness.HostHttp;
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
import java.util.List;
import java.util.Map;

/**
 * canary: product-service v1/v2, counted by the response header x-service-version.
 * <ul>
 *   <li>istio|linkerd, through the entry and inside the mesh (a pod running as cart-service): 1,000 GET
 *       /products/1 give a v2 share of 0.10 +- 4 sqrt(0.09/1000) = 0.10 +- 0.038; with {@code user-type: vip}
 *       every request reaches v2, whose products carry badge SALE.</li>
 *   <li>Control: the same 1,000 requests inside the mesh with the product routes removed for the moment (the
 *       Istio VirtualService product-service, the Linkerd HTTPRoutes of the product Service), so the Service
 *       balances over all product pods: v2 gets about the share of v2 pods (2 of 4: 0.5), at least half of it.</li>
 *   <li>plain: no weighted routing at all: the v2 share is the pod share, the vip header changes nothing.</li>
 * </ul>
 */
@Scenario("canary")
class CanaryScenario {
    static final int N = Integer.getInteger("meshdemo.canary.requests", 1000);
    static final int N_VIP = 100;

    private ClientPod caller;
    private double podShare;

    /** v2's share of the running product pods (what an even balancer gives v2); both versions must run. */
    static double v2PodShare(ScenarioContext ctx) {
        int v1 = ctx.cluster().runningPods(Map.of("app", "product-service", "version", "v1")).size();
        int v2 = ctx.cluster().runningPods(Map.of("app", "product-service", "version", "v2")).size();
        ctx.recorder().check("product-versions-running", v1 > 0 && v2 > 0, "v1 and v2 pods", v1 + " v1, " + v2 + " v2");
        if (v1 == 0 || v2 == 0) {
            throw new Precondition("product-service v1 and v2 must both run");
        }
        return (double) v2 / (v1 + v2);
    }

    static Bands.Share v2(HttpSample.Samples s) {
        return s.share(x -> "v2".equals(x.header()));
    }

    @Test
    @Order(1)
    @DisplayName("preconditions")
    void preconditions(ScenarioContext ctx) {
        podShare = v2PodShare(ctx);
        caller = ctx.meshedClient("scenario-canary", "cart-service");
    }

    @Test
    @Order(2)
    @DisplayName("through the entry")
    void entry(ScenarioContext ctx) {
        String url = ctx.settings().entryUrl() + "/products/1";
        if (!ctx.mesh().meshed()) {
            HttpSample.Samples s = ctx.http().sample(20, 1, "x-service-version", url);
            ctx.recorder().equal("plain.entry-answers", 20, s.ok(), "versions " + s.headers());
            return;
        }
        HttpSample.Samples s = ctx.http().sample(N, 10, "x-service-version", url);
        ctx.recorder().equal("entry.all-answered", N, s.ok(), "statuses " + s.statuses());
        ctx.recorder().share("entry.v2-share", v2(s), 0.1, null);
        HttpSample.Samples vip = ctx.http().sample(N_VIP, 10, "x-service-version", url, "user-type", "vip");
        ctx.recorder().equal("entry.vip-always-v2", N_VIP + "/" + N_VIP, vip.withHeader("v2") + "/" + vip.size(),
                "versions " + vip.headers());
        HostHttp.Response r = ctx.http().get(url, "user-type", "vip");
        ctx.recorder().equal("entry.vip-badge", "SALE", r.ok() ? r.as(ProductDto.class).badge() : "status " + r.statusText(),
                "v2 adds badge SALE");
    }

    @Test
    @Order(3)
    @DisplayName("inside the mesh, against the control without the product routes")
    void mesh(ScenarioContext ctx) {
        String url = ctx.serviceUrl("product-service", "/products/1");
        HttpSample.Samples treated = caller.requests(N, 10, "x-service-version", url);
        HttpSample.Samples vip = caller.requests(N_VIP, 10, "x-service-version", url, "--header", "user-type: vip");
        if (!ctx.mesh().meshed()) {
            ctx.recorder().share("plain.v2-share-is-pod-share", v2(treated), podShare, "statuses " + treated.statuses());
            ctx.recorder().share("plain.vip-ignored", v2(vip), podShare, null);
            return;
        }
        ctx.recorder().equal("mesh.all-answered", N, treated.ok(), "statuses " + treated.statuses());
        ctx.recorder().equal("mesh.vip-always-v2", N_VIP + "/" + N_VIP, vip.withHeader("v2") + "/" + vip.size(),
                "versions " + vip.headers());

        List<HasMetadata> routes = productRoutes(ctx);
        if (routes.isEmpty()) {
            throw new Precondition("the overlay renders no product-service routes for " + ctx.mesh().id());
        }
        ctx.cleanup().defer("restore the product-service routes", () -> ctx.cluster().apply(routes));
        ctx.cluster().delete(routes);
        Waits.until("the routes are gone from the client proxy", Duration.ofSeconds(90),
                () -> v2(caller.requests(40, 10, "x-service-version", url)).k() >= 10);
        HttpSample.Samples control = caller.requests(N, 10, "x-service-version", url);
        ctx.cleanup().restoreNow("restore the product-service routes");
        ctx.recorder().contrast("mesh.v2-share",
                Prediction.of("v2 share " + Bands.describe(0.1, N), (HttpSample.Samples s) -> Bands.within(v2(s), 0.1)),
                "overlay's weighted route", treated,
                // Without the route the mesh's balancer (least-request, EWMA) spreads over every product pod: v2 gets
                // about its pod share; half of it is far outside the canary's band.
                Prediction.of(String.format(java.util.Locale.ROOT, "v2 share >= %.2f (half the v2 pod share %.2f)", podShare / 2, podShare),
                        s -> v2(s).n() > 0 && v2(s).ratio() >= podShare / 2),
                "no product route", control, s -> "v2 " + v2(s) + ", statuses " + s.statuses());
    }

    /** The overlay's (and active features') routing objects of product-service, as rendered. */
    static List<HasMetadata> productRoutes(ScenarioContext ctx) {
        List<HasMetadata> render = Kustomize.render(ctx.settings().repoRoot(), ctx.mesh(), ctx.features().active(),
                ctx.settings().registry());
        return render.stream().filter(o -> isProductRoute(ctx.mesh(), o)).toList();
    }

    static boolean isProductRoute(Mesh mesh, HasMetadata o) {
        JsonNode spec = HostHttp.JSON.valueToTree(o).path("spec");
        if (mesh.isIstio()) { // ambient: the same mesh VirtualService, applied by the waypoint
            return o.getKind().equals("VirtualService") && spec.path("gateways").toString().contains("\"mesh\"")
                    && spec.path("hosts").toString().contains("product-service");
        }
        if (!o.getKind().equals("HTTPRoute")) {
            return false;
        }
        for (JsonNode p : spec.path("parentRefs")) {
            if ("Service".equals(p.path("kind").asText()) && "product-service".equals(p.path("name").asText())) {
                return true;
            }
        }
        return false;
    }
}
