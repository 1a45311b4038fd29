package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * routing: every public route reaches the service that owns it (response header x-service), locally on each
 * service's port, in a cluster through the entry (same for every MESH: routing by prefix is the gateway's job).
 * The entry exposes only the public prefixes: GET /admin/faults through the entry is refused (404/403), while the
 * same path on a product pod (port-forward, the control) answers 200 - the route is absent, not the endpoint.
 */
@Scenario(value = "routing", local = true)
class RoutingScenario {
    /** One readable route per service (seeded data: products 1..N, users user1..user5). */
    static final Map<String, String> PUBLIC_PATH = Map.of("product-service", "/products/1", "cart-service", "/cart/user1",
            "order-service", "/orders/user1", "user-service", "/users/user1", "exam-service", "/exams");

    private void route(ScenarioContext ctx, String service, String url) {
        HostHttp.Response r = ctx.http().get(url);
        var rec = ctx.recorder();
        rec.equal(service + ".status", 200, r.statusText(), "GET " + url);
        rec.equal(service + ".x-service", service, r.header("x-service"), "GET " + url);
        rec.check(service + ".x-service-version", Set.of("v1", "v2").contains(r.header("x-service-version")),
                "v1 or v2", "'" + r.header("x-service-version") + "'");
    }

    @Test
    @Order(1)
    @DisplayName("each public route reaches its service")
    void publicRoutes(ScenarioContext ctx) {
        if (!ctx.local() && !Waits.until("the entry answers", Duration.ofSeconds(60),
                () -> ctx.http().get(ctx.settings().entryUrl() + "/products").ok())) {
            throw new Precondition("the entry " + ctx.settings().entryUrl()
                    + " does not answer GET /products (is the cluster up and the suite deployed?)");
        }
        for (String service : Cluster.SERVICES) {
            route(ctx, service, ctx.apiUrl(service, PUBLIC_PATH.get(service)));
        }
        route(ctx, "product-service", ctx.apiUrl("product-service", "/products"));
    }

    @Test
    @Order(2)
    @DisplayName("the entry exposes only the public prefixes")
    void onlyPublicPrefixes(ScenarioContext ctx) {
        if (ctx.local()) {
            return; // the local suite has no entry; /admin is on every port by design
        }
        String pod = ctx.processes("product-service").get(0);
        HostHttp.Response direct = ctx.http().get(pod + "/admin/faults");
        HostHttp.Response entry = ctx.http().get(ctx.settings().entryUrl() + "/admin/faults");
        ctx.recorder().contrast("entry.admin-not-exposed",
                Prediction.<HostHttp.Response>of("404 or 403 through the entry", r -> r.status() == 404 || r.status() == 403),
                "through the entry", entry,
                Prediction.of("200 on the pod itself", r -> r.status() == 200), "the pod, port-forward", direct,
                r -> "GET /admin/faults -> " + r.statusText());
        ctx.recorder().equal("entry.unknown-prefix", 404,
                ctx.http().get(ctx.settings().entryUrl() + "/no-such-prefix").statusText(), "GET /no-such-prefix");
    }
}
