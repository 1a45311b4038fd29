package dev.meshdemo.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSwitchesTest {

    @Test
    void resilienceIsOnByDefault() {
        EnvironmentSwitches switches = new EnvironmentSwitches(Map.of());
        assertNull(switches.getValue("quarkus.fault-tolerance.global.retry.enabled"));
        assertNull(switches.getValue("quarkus.fault-tolerance.global.circuit-breaker.enabled"));
    }

    @Test
    void resilienceOffDisablesRetriesAndCircuitBreakersButNotTimeouts() {
        EnvironmentSwitches switches = new EnvironmentSwitches(Map.of("APP_RESILIENCE", "OFF"));
        assertEquals("false", switches.getValue("quarkus.fault-tolerance.global.retry.enabled"));
        assertEquals("false", switches.getValue("quarkus.fault-tolerance.global.circuit-breaker.enabled"));
        assertNull(switches.getValue("quarkus.fault-tolerance.global.timeout.enabled"));
    }

    @Test
    void aTypoIsAnErrorNotSilentlyOn() {
        assertThrows(IllegalArgumentException.class, () -> new EnvironmentSwitches(Map.of("APP_RESILIENCE", "of")));
    }

    @Test
    void otlpExportOnlyWhenTheEndpointIsSet() {
        assertEquals(" ", new EnvironmentSwitches(Map.of()).getValue(EnvironmentSwitches.OTLP_TRACES_ENDPOINT));
        assertEquals("http://otel-collector:4317", new EnvironmentSwitches(
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317"))
                .getValue(EnvironmentSwitches.OTLP_TRACES_ENDPOINT));
    }
}
