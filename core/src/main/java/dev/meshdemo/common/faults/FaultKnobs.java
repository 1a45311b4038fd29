package dev.meshdemo.common.faults;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds the current fault settings (from FAULT_* at start, from {@code PUT /admin/faults} later) and decides,
 * per request, whether to delay it and whether to fail it. The decision is random per request with the
 * configured shares, like the emojivoto and booksapp failure knobs.
 */
@ApplicationScoped
public class FaultKnobs {

    private static final Logger LOG = Logger.getLogger(FaultKnobs.class);

    /** Paths that are never faulted: probes, metrics, OpenAPI and the knobs themselves. */
    static boolean exempt(String path) {
        return path.equals("/health") || path.equals("/ready") || path.startsWith("/q/")
                || path.equals("/admin") || path.startsWith("/admin/");
    }

    public record Decision(long delayMs, boolean fail) {
        static final Decision NONE = new Decision(0, false);
    }

    private final AtomicReference<FaultSettings> current = new AtomicReference<>(FaultSettings.OFF);
    private final Counter errorsInjected;
    private final Counter delaysInjected;

    /** FAULT_ERROR_RATE, FAULT_DELAY_MS, FAULT_DELAY_RATE, FAULT_PATHS (see microprofile-config.properties). */
    @ConfigMapping(prefix = "meshdemo.faults")
    public interface StartupFaults {
        @WithDefault("0")
        double errorRate();

        @WithDefault("0")
        long delayMs();

        @WithDefault("0")
        double delayRate();

        Optional<String> paths();
    }

    public FaultKnobs(StartupFaults startup, MeterRegistry registry) {
        // Invalid start-up values stop the service with the same message a PUT would get.
        update(FaultSettings.of(startup.errorRate(), startup.delayMs(), startup.delayRate(),
                startup.paths().orElse("")));
        this.errorsInjected = Counter.builder("meshdemo.faults.injected").tag("kind", "error")
                .description("Requests answered 503 by the fault knob").register(registry);
        this.delaysInjected = Counter.builder("meshdemo.faults.injected").tag("kind", "delay")
                .description("Requests delayed by the fault knob").register(registry);
    }

    public FaultSettings current() {
        return current.get();
    }

    public void update(FaultSettings settings) {
        current.set(settings);
        if (settings.active()) {
            LOG.infof("fault knobs now: errorRate=%s delayMs=%d delayRate=%s paths=%s",
                    settings.errorRate(), settings.delayMs(), settings.delayRate(), settings.paths());
        } else {
            LOG.info("fault knobs now: off");
        }
    }

    public Decision decide(String path) {
        FaultSettings settings = current.get();
        if (!settings.active() || exempt(path) || !settings.appliesTo(path)) {
            return Decision.NONE;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long delay = settings.delayMs() > 0 && random.nextDouble() < settings.delayRate() ? settings.delayMs() : 0;
        boolean fail = random.nextDouble() < settings.errorRate();
        if (delay > 0) {
            delaysInjected.increment();
        }
        if (fail) {
            errorsInjected.increment();
        }
        return new Decision(delay, fail);
    }
}
