package dev.meshdemo.common.resilience;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code APP_RESILIENCE=off} turns the app-level retries and circuit breakers of every outgoing call off, so
 * that a scenario can show what the mesh's retries and outlier detection do on their own. Timeouts and
 * fallbacks stay on: a caller must never hang on a dead dependency. Any other value (default {@code on})
 * leaves SmallRye Fault Tolerance as the annotations declare it.
 */
public class ResilienceSwitch implements ConfigSource {

    static final String ENV = "APP_RESILIENCE";
    private static final Map<String, String> OFF = Map.of(
            "quarkus.fault-tolerance.global.retry.enabled", "false",
            "quarkus.fault-tolerance.global.circuit-breaker.enabled", "false",
            // The MicroProfile names, read by older SmallRye Fault Tolerance versions.
            "Retry/enabled", "false",
            "CircuitBreaker/enabled", "false");

    private final Map<String, String> properties;

    public ResilienceSwitch() {
        this(System.getenv(ENV));
    }

    ResilienceSwitch(String value) {
        String v = value == null ? "on" : value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("on") && !v.equals("off")) {
            throw new IllegalArgumentException(ENV + " must be 'on' or 'off', got '" + value + "'");
        }
        this.properties = v.equals("off") ? OFF : Map.of();
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
        return "meshdemo-resilience-switch";
    }

    @Override
    public int getOrdinal() {
        return 280; // above application.properties (250), below system properties (400) and env (300)
    }
}
