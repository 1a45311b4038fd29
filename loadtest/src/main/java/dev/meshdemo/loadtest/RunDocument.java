package dev.meshdemo.loadtest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One run's result document ({@code schema: meshdemo.loadtest.run/v1}), as written to {@code <id>.json} and read
 * back by the report and the comparison. The components are in the order the JSON lists them; the names are the
 * JSON's (Service Mesh Performance's for the two {@code performance_test_*} parts). Machine, JVM, git and mesh
 * descriptions stay open maps: what they hold depends on where the run happened.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunDocument(
        String schema,
        String id,
        String benchmark,
        @JsonProperty("benchmark_file") String benchmarkFile,
        String mesh,
        Map<String, String> params,
        @JsonProperty("performance_test_config") TestConfig config,
        @JsonProperty("performance_test_result") TestResult result,
        @JsonProperty("latency_tail_ms") Tail tail,
        Rates rates,
        Errors errors,
        @JsonProperty("coordinated_omission") Omission coordinatedOmission,
        Validity valid,
        Map<String, MetricSummary> metrics,
        Cpu cpu,
        @JsonProperty("mesh_config") Map<String, Object> meshConfig,
        Map<String, Object> environment,
        Map<String, Object> jvm,
        Map<String, Object> git,
        RawHistograms histogram) {

    public static final String SCHEMA = "meshdemo.loadtest.run/v1";

    /** Service Mesh Performance: PerformanceTestConfig (client part). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TestConfig(@JsonProperty("smp_version") String smpVersion, String id, String name, Labels labels,
                             List<Client> clients, String duration) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Labels(String benchmark, String mesh) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Client(boolean internal, @JsonProperty("load_generator") String loadGenerator, String protocol,
                         @JsonProperty("http_version") String httpVersion, Integer connections, Double rps,
                         String arrival, @JsonProperty("endpoint_url") List<String> endpointUrl) {
    }

    /** Service Mesh Performance: PerformanceTestResult. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TestResult(@JsonProperty("smp_version") String smpVersion, String id,
                             @JsonProperty("start_time") String startTime, @JsonProperty("end_time") String endTime,
                             @JsonProperty("latencies_ms") Latencies latencies,
                             @JsonProperty("actual_QPS") double actualQps) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Latencies(double min, double average, double p50, double p90, double p99, double max) {
    }

    /** What SMP leaves out but a baseline needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tail(@JsonProperty("p99_9") double p999, @JsonProperty("p99_99") double p9999, double stddev) {
    }

    /** {@code requestedSessionsPerS} is null for a closed-model run. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rates(@JsonProperty("requested_sessions_per_s") Double requestedSessionsPerS,
                        @JsonProperty("started_sessions") long startedSessions,
                        @JsonProperty("achieved_sessions_per_s") double achievedSessionsPerS,
                        long requests, long responses,
                        @JsonProperty("achieved_requests_per_s") double achievedRequestsPerS,
                        @JsonProperty("steady_duration_s") double steadyDurationS,
                        @JsonProperty("measured_duration_s") double measuredDurationS) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Errors(long total, @JsonProperty("connection_errors") long connectionErrors, long timeouts,
                         @JsonProperty("internal_errors") long internalErrors,
                         @JsonProperty("invalid_responses") long invalidResponses,
                         @JsonProperty("status_2xx") long status2xx, @JsonProperty("status_3xx") long status3xx,
                         @JsonProperty("status_4xx") long status4xx, @JsonProperty("status_5xx") long status5xx,
                         @JsonProperty("status_other") long statusOther) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Omission(@JsonProperty("dropped_requests") long droppedRequests,
                           @JsonProperty("session_limit_exceeded") boolean sessionLimitExceeded,
                           @JsonProperty("max_sessions") long maxSessions,
                           @JsonProperty("max_sessions_used") long maxSessionsUsed,
                           @JsonProperty("blocked_on_connection_ms") double blockedOnConnectionMs, String note) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Validity(boolean ok, List<String> problems) {
    }

    /** One Hyperfoil metric (a named request of the scenario); the percentiles are Histograms.PERCENTILES. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MetricSummary(long requests, long responses, long errors, @JsonProperty("min_ms") double minMs,
                                @JsonProperty("p50_ms") double p50Ms, @JsonProperty("p90_ms") double p90Ms,
                                @JsonProperty("p99_ms") double p99Ms, @JsonProperty("p99_9_ms") double p999Ms,
                                @JsonProperty("p99_99_ms") double p9999Ms, @JsonProperty("max_ms") double maxMs) {
    }

    /**
     * {@code wall_ms}: the time between the two CPU readings (the run with Hyperfoil's start and drain), so that
     * CPU over it is the cores kept busy; absent from documents written before it existed.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(String scope, long requests, Map<String, CpuUse> components,
                      @JsonProperty("wall_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Long wallMs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CpuUse(@JsonProperty("cpu_ms") double cpuMs,
                         @JsonProperty("cpu_ms_per_1000_requests") double cpuMsPer1000Requests) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RawHistograms(String encoding, String unit, @JsonProperty("significant_digits") int significantDigits,
                                String steady, @JsonProperty("per_metric") Map<String, String> perMetric) {
    }
}
