package dev.meshdemo.scenarios.feature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshdemo.exam.api.ExamDto;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Shop;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * tracing (and the rest of observability), with the observability component on (switched on for the run unless
 * it already is, then left as found), under Istio with istio-tracing as well (Envoy's 100 % sampling).
 * <ul>
 *   <li>One order placed through the entry with a sampled W3C traceparent gives one trace in Jaeger with spans
 *       of the apps, found by their exact service names (order-service, user-service, cart-service,
 *       product-service). The control: the same order flow sent with an unsampled traceparent, whose trace id
 *       must have no span at all (so the spans found belong to the request that asked for them).</li>
 *   <li>istio: the proxies' spans, by their own names ({@code <app>.<namespace>}), the entry gateway's
 *       ({@code meshdemo-ingress.<namespace>}) among them, and order-service's app server span is a child of a
 *       span of its own sidecar (the W3C context the proxy updated wins over any other header). The span exports
 *       make no traces of their own (istio-tracing's scoping): Jaeger knows no service of the observability
 *       workloads and no operation on the collector, against the apps' proxies it does know.
 *       linkerd: the proxies' spans (process tag k8s.container.name=linkerd-proxy; `make mesh-install` turns
 *       proxy tracing on, pointed at the collector) in the sampled trace, at least one per app of the order,
 *       against none in the unsampled one, and order-service's app server span is a child of a proxy span (the
 *       proxy rewrites the W3C parent id it forwards).
 *       plain: no proxy spans; the nginx entry passes the context on unchanged, so order-service's server span is
 *       a child of the span id the client sent.</li>
 *   <li>Prometheus: after traffic to every service (exam-service included), each app's
 *       http_server_requests_seconds_count has grown by at least the requests sent (the control is the value
 *       before), and under a mesh its own request metric covers every app; Grafana serves the dashboards.</li>
 * </ul>
 */
@Scenario("tracing")
class TracingScenario {
    static final List<String> ORDER_PATH = List.of("order-service", "user-service", "cart-service", "product-service");
    static final int TRAFFIC = 20;
    /** The apps' API requests only: the probes' and Prometheus's own requests (uri /health, /ready, /q/...) stay out. */
    static final String API_REQUESTS = "uri!~\"/q/.*|/health|/ready\"";
    static final long IDLE_WINDOW_MS = 25_000;

    private String jaeger;
    private String sampledTrace;
    private String sampledSpan;
    private String unsampledTrace;

    @Test
    @Order(1)
    @DisplayName("observability on")
    void on(ScenarioContext ctx) {
        if (ctx.mesh().isIstio()) {
            ctx.features().on("observability", "istio-tracing"); // Envoy samples only with a collector to send to
        } else {
            ctx.features().on("observability");
        }
        Waits.until("routing works again after the rollout", Duration.ofSeconds(120),
                () -> ctx.http().get(ctx.settings().entryUrl() + "/products/1").ok());
        jaeger = ctx.cluster().forward(onePod(ctx, "jaeger"), 16686);
    }

    static String onePod(ScenarioContext ctx, String app) {
        List<String> pods = ctx.cluster().runningPodNames(app);
        if (pods.isEmpty()) {
            throw new Precondition("no running " + app + " pod");
        }
        return pods.get(0);
    }

    private String order(ScenarioContext ctx, String traceparent) {
        Shop shop = new Shop(ctx);
        String user = ScenarioContext.newId("trace");
        shop.createUser(user);
        shop.addToCart(user, 1, 1);
        return shop.placeOrder(user, ScenarioContext.newId("key"), "traceparent", traceparent).statusText();
    }

    @Test
    @Order(2)
    @DisplayName("one order, one trace")
    void trace(ScenarioContext ctx) throws IOException {
        unsampledTrace = ScenarioContext.hex(16);
        String unsampled = order(ctx, "00-" + unsampledTrace + "-" + ScenarioContext.hex(8) + "-00");
        sampledTrace = ScenarioContext.hex(16);
        sampledSpan = ScenarioContext.hex(8);
        String status = order(ctx, "00-" + sampledTrace + "-" + sampledSpan + "-01");
        ctx.recorder().check("order.placed", status.equals("201") || status.equals("200"), "201", status
                + " (unsampled control order: " + unsampled + ")");
        Waits.until("the trace reaches Jaeger with the four apps", Duration.ofSeconds(120),
                () -> services(trace(ctx, sampledTrace)).containsAll(ORDER_PATH));
        JsonNode treated = trace(ctx, sampledTrace);
        JsonNode control = trace(ctx, unsampledTrace);
        ctx.recorder().contrast("trace.app-spans",
                Prediction.of("spans of exactly " + ORDER_PATH, (JsonNode t) -> services(t).containsAll(ORDER_PATH)),
                "sampled traceparent", treated,
                Prediction.of("no span", t -> services(t).isEmpty()), "unsampled traceparent", control,
                t -> "services " + services(t));

        String ns = ctx.settings().namespace();
        if (ctx.mesh() == Mesh.ISTIO_AMBIENT) {
            // ztunnel emits no spans; the entry's and the waypoint's Envoys do, and the app's server span is the
            // waypoint's child (the request reached the pod from the waypoint).
            ctx.recorder().check("trace.waypoint-span", services(treated).contains("waypoint." + ns),
                    "a span of waypoint." + ns, "services " + services(treated));
            ctx.recorder().check("trace.entry-span", services(treated).contains("meshdemo-ingress." + ns),
                    "a span of meshdemo-ingress." + ns, "services " + services(treated));
            ctx.recorder().check("trace.no-ztunnel-spans", ORDER_PATH.stream().noneMatch(app -> services(treated).contains(app + "." + ns)),
                    "no <app>." + ns + " spans (no sidecars)", "services " + services(treated));
            ctx.recorder().equal("trace.app-span-child-of-the-waypoint", "waypoint." + ns, parentServiceOfServerSpan(treated, "order-service"),
                    "service of the parent of order-service's server span");
        } else if (ctx.mesh() == Mesh.ISTIO) {
            for (String app : ORDER_PATH) {
                ctx.recorder().check("trace.proxy-span." + app, services(treated).contains(app + "." + ns),
                        "a span of service " + app + "." + ns, "services " + services(treated));
            }
            ctx.recorder().check("trace.entry-span", services(treated).contains("meshdemo-ingress." + ns),
                    "a span of meshdemo-ingress." + ns, "services " + services(treated));
            String parentService = parentServiceOfServerSpan(treated, "order-service");
            ctx.recorder().equal("trace.app-span-child-of-its-proxy", "order-service." + ns, parentService,
                    "service of the parent of order-service's server span");
            noTraceOfTheExports(ctx, ns);
        } else if (ctx.mesh() == Mesh.LINKERD) {
            ctx.recorder().contrast("trace.linkerd-proxy-spans",
                    Prediction.of(">= " + ORDER_PATH.size() + " proxy spans (one inbound proxy per app at least)",
                            (JsonNode t) -> proxySpans(t) >= ORDER_PATH.size()),
                    "sampled traceparent", treated,
                    Prediction.of("no proxy span (Linkerd's proxies trace only sampled requests)", t -> proxySpans(t) == 0),
                    "unsampled traceparent", control, t -> proxySpans(t) + " linkerd-proxy spans of " + t.path("spans").size());
            JsonNode parent = spansById(treated).get(parentOfServerSpan(treated, "order-service"));
            ctx.recorder().check("trace.app-span-child-of-its-proxy", parent != null && isLinkerdProxy(treated, parent),
                    "order-service's server span is a child of a linkerd-proxy span",
                    parent == null ? "parent " + parentOfServerSpan(treated, "order-service") : "parent of service " + serviceOf(treated, parent));
        } else {
            ctx.recorder().check("trace.no-proxy-spans", services(treated).stream().noneMatch(s -> s.contains(".")) && proxySpans(treated) == 0,
                    "no proxy spans (no mesh)", "services " + services(treated));
            ctx.recorder().equal("trace.entry-passes-context", sampledSpan, parentOfServerSpan(treated, "order-service"),
                    "parent of order-service's server span");
        }
    }

    /** The observability workloads' own traffic (span exports, Jaeger's ingest) traced by nobody. */
    private void noTraceOfTheExports(ScenarioContext ctx, String ns) {
        Set<String> known = jaegerServices(ctx);
        Set<String> observability = new TreeSet<>();
        for (String w : List.of("otel-collector", "jaeger", "prometheus", "grafana")) {
            if (known.contains(w + "." + ns)) {
                observability.add(w + "." + ns);
            }
        }
        Set<String> exportOps = new TreeSet<>();
        for (String app : ORDER_PATH) {
            jaegerOperations(ctx, app + "." + ns).stream().filter(op -> op.contains("otel-collector")).forEach(exportOps::add);
        }
        Set<String> proxies = new TreeSet<>();
        ORDER_PATH.forEach(a -> {
            if (known.contains(a + "." + ns)) {
                proxies.add(a + "." + ns);
            }
        });
        ctx.recorder().contrast("trace.exports-untraced",
                Prediction.of("no service of the observability workloads, no operation on the collector",
                        (Set<String> v) -> v.isEmpty()),
                "observability services and export operations in Jaeger", union(observability, exportOps),
                Prediction.of("every app's proxy", v -> v.size() == ORDER_PATH.size()),
                "the apps' proxies in Jaeger (the list is read)", proxies, v -> v.toString());
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private Set<String> jaegerServices(ScenarioContext ctx) {
        return names(ctx.http().get(jaeger + "/api/services"));
    }

    private Set<String> jaegerOperations(ScenarioContext ctx, String service) {
        return names(ctx.http().get(jaeger + "/api/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "/operations"));
    }

    /** Jaeger's {"data": [names]} (services, or operations as strings or {"name": ...}). */
    static Set<String> names(HostHttp.Response r) {
        Set<String> out = new TreeSet<>();
        try {
            for (JsonNode n : HostHttp.JSON.readTree(r.body()).path("data")) {
                out.add(n.isTextual() ? n.asText() : n.path("name").asText());
            }
        } catch (IOException | RuntimeException e) {
            // none
        }
        return out;
    }

    /** A span of a Linkerd proxy: its process carries the resource attribute k8s.container.name=linkerd-proxy. */
    static boolean isLinkerdProxy(JsonNode trace, JsonNode span) {
        for (JsonNode t : trace.path("processes").path(span.path("processID").asText()).path("tags")) {
            if ("k8s.container.name".equals(t.path("key").asText()) && "linkerd-proxy".equals(t.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    static long proxySpans(JsonNode trace) {
        long n = 0;
        for (JsonNode s : trace.path("spans")) {
            n += isLinkerdProxy(trace, s) ? 1 : 0;
        }
        return n;
    }

    private JsonNode trace(ScenarioContext ctx, String id) {
        HostHttp.Response r = ctx.http().get(jaeger + "/api/traces/" + id);
        try {
            return r.status() == 200 ? HostHttp.JSON.readTree(r.body()).path("data").path(0) : HostHttp.JSON.missingNode();
        } catch (IOException e) {
            return HostHttp.JSON.missingNode();
        }
    }

    /** Exact service names of a Jaeger trace's processes. */
    static Set<String> services(JsonNode trace) {
        Set<String> names = new TreeSet<>();
        trace.path("processes").forEach(p -> names.add(p.path("serviceName").asText()));
        return names;
    }

    static Map<String, JsonNode> spansById(JsonNode trace) {
        Map<String, JsonNode> byId = new HashMap<>();
        trace.path("spans").forEach(s -> byId.put(s.path("spanID").asText(), s));
        return byId;
    }

    static String serviceOf(JsonNode trace, JsonNode span) {
        return trace.path("processes").path(span.path("processID").asText()).path("serviceName").asText();
    }

    /** The parent span id of the app's own server span (service name exactly app, span.kind server). */
    static String parentOfServerSpan(JsonNode trace, String app) {
        for (JsonNode s : trace.path("spans")) {
            boolean server = false;
            for (JsonNode t : s.path("tags")) {
                server |= "span.kind".equals(t.path("key").asText()) && "server".equals(t.path("value").asText());
            }
            if (server && app.equals(serviceOf(trace, s))) {
                for (JsonNode ref : s.path("references")) {
                    if ("CHILD_OF".equals(ref.path("refType").asText())) {
                        return ref.path("spanID").asText();
                    }
                }
                return "none (a root span)";
            }
        }
        return "no server span of " + app;
    }

    static String parentServiceOfServerSpan(JsonNode trace, String app) {
        JsonNode parent = spansById(trace).get(parentOfServerSpan(trace, app));
        return parent == null ? "no parent span in the trace" : serviceOf(trace, parent);
    }

    @Test
    @Order(3)
    @DisplayName("metrics and dashboards")
    void metrics(ScenarioContext ctx) {
        String prom = ctx.cluster().forward(onePod(ctx, "prometheus"), 9090);
        // The control: the same counters over a window without our traffic (two scrape intervals and more),
        // measured, so a counter that grows by itself (probes counted as requests, double scrapes) fails it.
        Map<String, Double> idleStart = perApp(ctx, prom, "http_server_requests_seconds_count", API_REQUESTS);
        Waits.sleep(IDLE_WINDOW_MS);
        Map<String, Double> before = perApp(ctx, prom, "http_server_requests_seconds_count", API_REQUESTS);
        // Traffic every service serves (exam-service included), through the entry.
        Shop shop = new Shop(ctx);
        ExamDto exam = shop.firstExam();
        Map<String, String> paths = new LinkedHashMap<>(Map.of("product-service", "/products/1", "cart-service", "/cart/user1",
                "order-service", "/orders/user1", "user-service", "/users/user1",
                "exam-service", "/exams/" + exam.id() + "/questions"));
        paths.forEach((app, path) -> {
            for (int i = 0; i < TRAFFIC; i++) {
                ctx.http().get(ctx.apiUrl(app, path));
            }
        });
        Map<String, Double>[] after = new Map[1];
        Waits.until("Prometheus scrapes the traffic of the five services", Duration.ofSeconds(150), () -> {
            after[0] = perApp(ctx, prom, "http_server_requests_seconds_count", API_REQUESTS);
            return Cluster.SERVICES.stream().allMatch(a -> grew(before, after[0], a) >= TRAFFIC);
        });
        for (String app : Cluster.SERVICES) {
            double traffic = grew(before, after[0] == null ? Map.of() : after[0], app);
            double idle = grew(idleStart, before, app);
            ctx.recorder().contrast("prometheus." + app + ".app-metric",
                    Prediction.of("grown by >= " + TRAFFIC + " requests", (Double v) -> v >= TRAFFIC),
                    TRAFFIC + " requests sent", traffic,
                    Prediction.of("grown by < " + TRAFFIC + " (nothing sent)", v -> v < TRAFFIC),
                    IDLE_WINDOW_MS / 1000 + " s without traffic, just before", idle,
                    v -> String.format(java.util.Locale.ROOT, "http_server_requests_seconds_count (API requests) grew by %.0f", v));
        }
        String meshMetric = switch (ctx.mesh()) {
            // Ambient: the waypoint's Envoy reports it (reporter="waypoint"); ztunnel's own are istio_tcp_*.
            case ISTIO, ISTIO_AMBIENT -> "istio_requests_total";
            case LINKERD -> "response_total";
            case PLAIN -> null;
        };
        if (meshMetric != null) {
            Map<String, Double>[] seen = new Map[1];
            Waits.until("Prometheus has " + meshMetric + " for every app", Duration.ofSeconds(120), () -> {
                seen[0] = perApp(ctx, prom, meshMetric);
                return seen[0].keySet().containsAll(Cluster.SERVICES);
            });
            ctx.recorder().check("prometheus.mesh-metric", seen[0] != null && seen[0].keySet().containsAll(Cluster.SERVICES),
                    meshMetric + " of every app", "apps " + (seen[0] == null ? "none" : new TreeSet<>(seen[0].keySet())));
        }
        String grafana = ctx.cluster().forward(onePod(ctx, "grafana"), 3000);
        HostHttp.Response d = ctx.http().get(grafana + "/api/search?type=dash-db");
        Set<String> uids = new TreeSet<>();
        try {
            HostHttp.JSON.readTree(d.body()).forEach(n -> uids.add(n.path("uid").asText()));
        } catch (IOException | RuntimeException e) {
            // recorded below as no dashboards
        }
        ctx.recorder().check("grafana.app-dashboard", uids.contains("meshdemo-app"), "meshdemo-app", "dashboards " + uids);
        if (ctx.mesh().meshed()) {
            String dashboard = "meshdemo-" + (ctx.mesh().isIstio() ? Mesh.ISTIO.id() : ctx.mesh().id());
            ctx.recorder().check("grafana." + ctx.mesh().id() + "-dashboard", uids.contains(dashboard), dashboard, "dashboards " + uids);
        }
    }

    static double grew(Map<String, Double> before, Map<String, Double> after, String app) {
        return after.getOrDefault(app, 0.0) - before.getOrDefault(app, 0.0);
    }

    static Map<String, Double> perApp(ScenarioContext ctx, String prom, String metric) {
        return perApp(ctx, prom, metric, null);
    }

    /** Per app, optionally only the series a label matcher selects. */
    static Map<String, Double> perApp(ScenarioContext ctx, String prom, String metric, String matcher) {
        String selector = matcher == null ? metric : metric + "{" + matcher + "}";
        String q = URLEncoder.encode("sum by (app) (" + selector + ")", StandardCharsets.UTF_8);
        HostHttp.Response r = ctx.http().get(prom + "/api/v1/query?query=" + q);
        Map<String, Double> out = new HashMap<>();
        try {
            for (JsonNode n : HostHttp.JSON.readTree(r.body()).path("data").path("result")) {
                out.put(n.path("metric").path("app").asText(), n.path("value").path(1).asDouble());
            }
        } catch (IOException e) {
            // none
        }
        return out;
    }
}
