package dev.meshdemo.scenarios.harness;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Feature components (mesh/components/NAME, Kustomize {@code kind: Component}) switched on by applying the
 * overlay rendered with them, and off by applying it without them and deleting what only they added. Which
 * ones are on is kept in the ConfigMap {@value #CONFIG_MAP} of the namespace, so a feature switched on by hand
 * (a workshop phase's observability) survives a scenario switching another one on and off. After every switch
 * the harness waits until the Deployments have rolled out, so the next measurement sees the new pods. The
 * components make recorded from COMPONENTS (the deploy's profile, {@link Kustomize#recordedComponents}) are in
 * every render besides these, and cannot be switched off here.
 */
public final class Features {
    public static final String CONFIG_MAP = "scenario-features";
    static final String KEY = "components";
    private static final Duration ROLLOUT = Duration.ofSeconds(420);

    private final Cluster cluster;
    private final Settings settings;
    private final Cleanup cleanup;

    public Features(Cluster cluster, Settings settings, Cleanup cleanup) {
        this.cluster = cluster;
        this.settings = settings;
        this.cleanup = cleanup;
    }

    public List<String> active() {
        String v = cluster.configValue(CONFIG_MAP, KEY);
        return v == null || v.isBlank() ? List.of() : Arrays.stream(v.trim().split("\\s+")).toList();
    }

    public static String offDescription(List<String> components) {
        return "switch off " + String.join(" ", components);
    }

    /** Switches the components on (those already on stay on and are not switched off afterwards). */
    public List<String> on(String... components) {
        Set<String> wanted = new LinkedHashSet<>(active());
        List<String> added = new ArrayList<>();
        for (String c : components) {
            if (wanted.add(c)) {
                added.add(c);
            } else {
                System.err.println("   " + c + " is already on; leaving it on");
            }
        }
        if (added.isEmpty()) {
            return added;
        }
        cleanup.defer(offDescription(added), () -> off(added.toArray(String[]::new)));
        List<HasMetadata> before = Kustomize.render(settings.repoRoot(), settings.mesh(), active(), settings.registry());
        List<HasMetadata> render = Kustomize.render(settings.repoRoot(), settings.mesh(), List.copyOf(wanted), settings.registry());
        cluster.apply(render);
        // What a component takes out of the render goes too (gamma: the native product routes, which would fight
        // its HTTPRoutes on one Service); apply alone never deletes. Switching it off applies them again.
        cluster.delete(Kustomize.onlyIn(before, render));
        cluster.storeConfigValue(CONFIG_MAP, KEY, String.join(" ", wanted));
        System.err.println("   switched on: " + added + " (on now: " + wanted + ")");
        if (!cluster.waitRollouts(ROLLOUT)) {
            throw new Precondition("the Deployments did not finish rolling out after switching on " + added);
        }
        return added;
    }

    /** Switches the components off: the overlay with the others is applied, what only these added deleted. */
    public void off(String... components) {
        List<String> gone = List.of(components);
        List<String> recorded = Kustomize.recordedComponents(settings.repoRoot());
        List<String> profile = gone.stream().filter(recorded::contains).toList();
        if (!profile.isEmpty()) {
            throw new Precondition(profile + " came with the deploy (COMPONENTS=" + String.join(" ", recorded)
                    + ", recorded in " + Kustomize.RECORDED_COMPONENTS + "): every render keeps it; redeploy with"
                    + " `make deploy MESH=" + settings.mesh().id() + " COMPONENTS=\"...\"` without it to drop it");
        }
        List<String> keep = active().stream().filter(c -> !gone.contains(c)).toList();
        List<String> with = new ArrayList<>(keep);
        gone.stream().filter(c -> !with.contains(c)).forEach(with::add);
        List<HasMetadata> withRender = Kustomize.render(settings.repoRoot(), settings.mesh(), with, settings.registry());
        List<HasMetadata> withoutRender = Kustomize.render(settings.repoRoot(), settings.mesh(), keep, settings.registry());
        cluster.apply(withoutRender);
        cluster.delete(Kustomize.onlyIn(withRender, withoutRender));
        cluster.storeConfigValue(CONFIG_MAP, KEY, keep.isEmpty() ? null : String.join(" ", keep));
        System.err.println("   switched off: " + gone + " (on now: " + keep + ")");
        // The next scenario must not measure pods that are still being replaced.
        if (!cluster.waitRollouts(ROLLOUT)) {
            throw new IllegalStateException("the Deployments did not finish rolling out after switching off " + gone);
        }
    }

    /** `make feature-on`: switch on and keep it on. */
    public void keepOn(String... components) {
        List<String> added = on(components);
        if (!added.isEmpty()) {
            cleanup.forget(offDescription(added));
        }
    }
}
