package dev.meshdemo.common.client;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/**
 * {@code APP_RESILIENCE} ({@code meshdemo.resilience}): {@code on} (default) or {@code off}. The switch itself is
 * configuration expressions in meshdemo-client's microprofile-config.properties; this check stops the service at
 * startup on any other value ({@code of}, {@code false}), instead of letting the first guarded call fail.
 */
@ApplicationScoped
public class ResilienceSwitch {

    static final String PROPERTY = "meshdemo.resilience";

    void check(@Observes StartupEvent started, Config config) {
        String mode = config.getOptionalValue(PROPERTY, String.class).orElse("on");
        if (!mode.equals("on") && !mode.equals("off")) {
            throw new IllegalStateException("APP_RESILIENCE must be 'on' or 'off', got '" + mode + "'");
        }
    }
}
