package dev.meshdemo.common.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * APP_RESILIENCE is configuration expressions in meshdemo-client's defaults; this reads that file
 * with an environment of our choosing, as Quarkus would.
 */
class EnvironmentSwitchesTest {

    private static SmallRyeConfig config(Map<String, String> env) throws IOException {
        URL defaults = EnvironmentSwitchesTest.class.getResource("/META-INF/microprofile-config.properties");
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(defaults, 100))
                .withSources(new MapBackedConfigSource("test-env", env, 300) { })
                .build();
    }

    // SmallRye Fault Tolerance reads these with Boolean.parseBoolean: only "true" is on.
    private static boolean retries(SmallRyeConfig config) {
        return Boolean.parseBoolean(config.getValue("quarkus.fault-tolerance.global.retry.enabled", String.class));
    }

    private static boolean circuitBreakers(SmallRyeConfig config) {
        return Boolean.parseBoolean(config.getValue("quarkus.fault-tolerance.global.circuit-breaker.enabled",
                String.class));
    }

    @Test
    void resilienceIsOnByDefault() throws IOException {
        SmallRyeConfig config = config(Map.of());
        assertTrue(retries(config));
        assertTrue(circuitBreakers(config));
    }

    @Test
    void resilienceOffDisablesRetriesAndCircuitBreakersButNotTimeouts() throws IOException {
        SmallRyeConfig config = config(Map.of("APP_RESILIENCE", "off"));
        assertEquals(false, retries(config));
        assertEquals(false, circuitBreakers(config));
        assertEquals(Optional.empty(), config.getOptionalValue("quarkus.fault-tolerance.global.timeout.enabled",
                Boolean.class));
    }

    @Test
    void aTypoIsAnErrorNotSilentlyOff() {
        for (String typo : new String[] {"of", "false", "0", "disabled"}) {
            assertThrows(RuntimeException.class, () -> retries(config(Map.of("APP_RESILIENCE", typo))), typo);
        }
    }
}
