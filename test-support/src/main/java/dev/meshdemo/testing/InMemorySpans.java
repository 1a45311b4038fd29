package dev.meshdemo.testing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Collects the spans a service under test ends, so tests can check trace propagation without a collector.
 * Quarkus hands every {@code SpanExporter} bean the finished spans; a test adds this class to its bean
 * archive through {@code quarkus.index-dependency} (done by the services' test configuration).
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
