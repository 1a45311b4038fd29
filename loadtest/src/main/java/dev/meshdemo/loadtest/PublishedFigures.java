package dev.meshdemo.loadtest;

import java.util.List;

/**
 * The figures the projects publish for their own data planes, with the conditions they were measured under,
 * for the report to set beside this suite's. Only what the cited page says; "not found" where the page (as far
 * as it could be read) gives no figure. Numbers measured under other conditions (another app, payload, load
 * generator, machine, version) are context, not a target: the report says so beside the table.
 */
final class PublishedFigures {

    static final String NOT_FOUND = "not found";

    /** One published figure: whose, which data plane, the figures and the conditions, and where it is. */
    record Figure(String source, String dataPlane, String cpuPer1000Rps, String memory, String addedLatency,
                  String rates, String payload, String machine, String versions, String loadGenerator, String url) {
    }

    static final List<Figure> FIGURES = List.of(
            new Figure("Istio, Performance and Scalability (summary for Istio 1.24)", "sidecar (Envoy, 2 worker threads)",
                    "0.20 vCPU", "60 MB", NOT_FOUND,
                    "1000 HTTP requests/s through the proxy; the load test mesh has 1000 services, 2000 pods, "
                            + "70,000 mesh-wide requests/s",
                    "1 KB", NOT_FOUND, "Istio 1.24", NOT_FOUND,
                    "https://istio.io/latest/docs/ops/deployment/performance-and-scalability/"),
            new Figure("Istio, Performance and Scalability (summary for Istio 1.24)", "waypoint (Envoy, 2 worker threads)",
                    "0.25 vCPU", "60 MB", NOT_FOUND, "1000 HTTP requests/s through the proxy", "1 KB", NOT_FOUND,
                    "Istio 1.24", NOT_FOUND,
                    "https://istio.io/latest/docs/ops/deployment/performance-and-scalability/"),
            new Figure("Istio, Performance and Scalability (summary for Istio 1.24)", "ztunnel", "0.06 vCPU", "12 MB",
                    NOT_FOUND, "1000 HTTP requests/s through the proxy", "1 KB", NOT_FOUND, "Istio 1.24", NOT_FOUND,
                    "https://istio.io/latest/docs/ops/deployment/performance-and-scalability/"),
            new Figure("Istio, Performance and Scalability (Istio 1.12.3)", "sidecar (Envoy), client and server side",
                    "0.35 vCPU per proxy", "40 MB per proxy",
                    "two proxies add about 1.7 ms at p90 and 2.7 ms at p99 over the baseline (telemetry v2 defaults)",
                    "1000 requests/s through the proxy", NOT_FOUND, NOT_FOUND, "Istio 1.12.3", NOT_FOUND,
                    "https://istio.io/v1.12/docs/ops/deployment/performance-and-scalability/"),
            new Figure("Linkerd blog, \"Linkerd vs Ambient Mesh: 2025 Benchmarks\" (2025-04-24)",
                    "Linkerd (sidecar) vs Istio ambient with a waypoint for L7", NOT_FOUND, NOT_FOUND, NOT_FOUND,
                    "20, 200 and 2000 RPS, 100 connections; 5 runs each, the 2 worst by max latency discarded; "
                            + "North-South traffic; only mTLS enabled (ambient: waypoint for L7 parity); cluster "
                            + "reinstalled between runs",
                    "emojivoto (gRPC and HTTP endpoints)", "GKE, 3 nodes e2-standard-8", NOT_FOUND, "wrk2",
                    "https://linkerd.io/2025/04/24/linkerd-vs-ambient-mesh-2025-benchmarks/"));

    private PublishedFigures() {
    }
}
