package dev.meshdemo.common;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the suite's two environment switches into Quarkus configuration (registered through
 * META-INF/services, so every service has them):
 * <ul>
 *   <li>{@code APP_RESILIENCE=off} switches the app-level retries and circuit breakers of every outgoing call
 *   off, so that a scenario can show what the mesh's retries and outlier detection do on their own. Timeouts
 *   and fallbacks stay: a caller must never hang on a dead dependency. Default {@code on}.</li>
 *   <li>{@code OTEL_EXPORTER_OTLP_ENDPOINT}: spans are exported there when it is set, and nowhere otherwise
 *   (Quarkus would try localhost:4317 and log a failure per batch). Trace headers are propagated either way,
 *   so the mesh's own spans still join up.</li>
 * </ul>
 */
public class EnvironmentSwitches implements ConfigSource {

    static final String RESILIENCE_ENV = "APP_RESILIENCE";
    static final String OTLP_ENV = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String OTLP_TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    private final Map<String, String> properties;

    public EnvironmentSwitches() {
        this(System.getenv());
    }

    EnvironmentSwitches(Map<String, String> env) {
        Map<String, String> p = new HashMap<>();
        String resilience = env.getOrDefault(RESILIENCE_ENV, "on").trim().toLowerCase(Locale.ROOT);
        switch (resilience) {
            case "on" -> { }
            case "off" -> {
                p.put("quarkus.fault-tolerance.global.retry.enabled", "false");
                p.put("quarkus.fault-tolerance.global.circuit-breaker.enabled", "false");
                // The MicroProfile names of the same switches.
                p.put("Retry/enabled", "false");
                p.put("CircuitBreaker/enabled", "false");
            }
            default -> throw new IllegalArgumentException(
                    RESILIENCE_ENV + " must be 'on' or 'off', got '" + env.get(RESILIENCE_ENV) + "'");
        }
        String otlp = env.get(OTLP_ENV);
        // A blank endpoint is how Quarkus' OTLP exporter is told to export nothing.
        p.put(OTLP_TRACES_ENDPOINT, otlp == null || otlp.isBlank() ? " " : otlp.trim());
        this.properties = Map.copyOf(p);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "meshdemo-environment-switches";
    }

    @Override
    public int getOrdinal() {
        return 280; // above application.properties (250), below environment variables (300)
    }
}
