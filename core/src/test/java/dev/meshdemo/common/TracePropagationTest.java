package dev.meshdemo.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The propagators the services configure, built the way Quarkus builds them (the SDK autoconfiguration reads
 * otel.propagators in order): when a request carries both a W3C traceparent and B3 headers for different traces,
 * as it does after Envoy updated traceparent but passed the caller's B3 headers on, the W3C context wins.
 */
class TracePropagationTest {
    private static final String W3C_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String B3_TRACE = "80f198ee56343ba864fe8b2a57d3eff7";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key.toLowerCase());
        }
    };

    private static final Map<String, String> W3C = Map.of("traceparent", "00-" + W3C_TRACE + "-00f067aa0ba902b7-01");
    private static final Map<String, String> B3 = Map.of("x-b3-traceid", B3_TRACE, "x-b3-spanid", "e457b5a2e4d86bd1", "x-b3-sampled", "1");

    static String configuredPropagators() {
        Properties p = new Properties();
        try (InputStream in = TracePropagationTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p.getProperty("quarkus.otel.propagators");
    }

    static String extractedTrace(String propagators, Map<String, String> headers) {
        ContextPropagators built = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of("otel.propagators", propagators, "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
                .disableShutdownHook().build().getOpenTelemetrySdk().getPropagators();
        Context context = built.getTextMapPropagator().extract(Context.root(), headers, GETTER);
        return Span.fromContext(context).getSpanContext().getTraceId();
    }

    private static Map<String, String> both() {
        var headers = new java.util.HashMap<>(W3C);
        headers.putAll(B3);
        return headers;
    }

    @Test
    void w3cContextWinsOverConflictingB3Headers() {
        assertEquals(W3C_TRACE, extractedTrace(configuredPropagators(), both()), "propagators " + configuredPropagators());
    }

    @Test
    void eachFormatAloneIsStillRead() {
        assertEquals(W3C_TRACE, extractedTrace(configuredPropagators(), W3C));
        assertEquals(B3_TRACE, extractedTrace(configuredPropagators(), B3));
    }

    @Test
    void orderDecidesWhichContextWins() {
        // Control: with B3 listed last (the previous configuration) the stale B3 context would win.
        assertNotEquals(W3C_TRACE, extractedTrace("tracecontext,baggage,b3multi", both()));
    }

    @Test
    void spansAreExportedOnlyWhenAnEndpointIsSet() throws IOException {
        // A blank endpoint is how the OTLP exporter is told to export nothing.
        assertEquals(" ", otlpEndpointWith(Map.of()));
        assertEquals("http://otel-collector:4317",
                otlpEndpointWith(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317")));
    }

    @Test
    void rootRequestsAreSampledOnlyWhenAsked() throws IOException {
        assertEquals("parentbased_traceidratio", defaultWith("quarkus.otel.traces.sampler", Map.of()));
        assertEquals("0", defaultWith("quarkus.otel.traces.sampler.arg", Map.of()));
        assertEquals("1", defaultWith("quarkus.otel.traces.sampler.arg", Map.of("OTEL_TRACES_SAMPLER_ARG", "1")));
    }

    private static String otlpEndpointWith(Map<String, String> environment) throws IOException {
        return defaultWith("quarkus.otel.exporter.otlp.traces.endpoint", environment);
    }

    /** A key of the defaults file, read as Quarkus reads it, with this environment. */
    private static String defaultWith(String key, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withSources(
                new PropertiesConfigSource(TracePropagationTest.class.getResource("/META-INF/microprofile-config.properties"), 100),
                new MapBackedConfigSource("environment", environment, 300) { }).build()
                .getRawValue(key);
    }
}
