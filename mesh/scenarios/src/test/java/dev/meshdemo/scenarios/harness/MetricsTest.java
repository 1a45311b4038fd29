package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsTest {
    /** As product-service serves it (OpenMetrics with exemplars, copied from a running instance). */
    static final String TEXT = """
            # TYPE http_server_requests_seconds summary
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/products/{id}"} 70.0 # {span_id="0002725f55489a00",trace_id="ea2c6536afe23aaf860c51b3cf6d11a5"} 1.0 1796112703.218
            http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="503",uri="/products/1"} 30.0
            http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="201",uri="/orders"} 28.0
            http_server_requests_seconds_count{method="POST",outcome="SERVER_ERROR",status="503",uri="/orders"} 12.0
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/orders/{userId}"} 5.0
            http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",uri="/products/{id}"} 1.5
            """;

    @Test
    void sumsEveryStatusOfTheMatchingRoutes() {
        assertEquals(100, Metrics.requestCount(TEXT, "GET", "/products/.+"));
        assertEquals(40, Metrics.requestCount(TEXT, "POST", "/orders"));
        assertEquals(5, Metrics.requestCount(TEXT, "GET", "/orders/.+"));
        assertEquals(0, Metrics.requestCount(TEXT, "DELETE", ".*"));
    }

    @Test
    void theRegexIsAnchored() {
        assertEquals(0, Metrics.requestCount(TEXT, "POST", "/order"));
        assertEquals(40, Metrics.requestCount(TEXT, "POST", "/orders(/.*)?"));
    }
}
