package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.Features;
import dev.meshdemo.scenarios.harness.Settings;

import java.nio.file.Files;
import java.util.List;

/**
 * `make feature-on|off FEATURE=... MESH=...`: switch a feature component on or off and leave it so (scenarios
 * switch their own and restore them). Waits for the rollouts either way.
 */
public final class FeatureSwitch {
    private FeatureSwitch() {
    }

    public static int run(Settings settings, List<String> args) {
        if (args.isEmpty() || (!args.get(0).equals("list") && args.size() < 2)) {
            throw new IllegalArgumentException("feature on|off COMPONENT... | feature list");
        }
        String action = args.get(0);
        List<String> components = args.subList(1, args.size());
        for (String c : components) {
            if (!Files.isDirectory(settings.repoRoot().resolve("mesh/components").resolve(c))) {
                throw new IllegalArgumentException("no component mesh/components/" + c);
            }
        }
        Session s = new Session("feature-" + action + "-" + settings.mesh().id(), settings);
        Features[] features = new Features[1];
        s.step("connect", () -> features[0] = new Features(Cluster.connect(settings, s.cleanup), settings, s.cleanup));
        switch (action) {
            case "on" -> s.step("switch on " + components, () -> {
                features[0].keepOn(components.toArray(String[]::new));
                s.recorder.check("on", features[0].active().containsAll(components), "on: " + components,
                        "on now: " + features[0].active());
            });
            case "off" -> s.step("switch off " + components, () -> {
                features[0].off(components.toArray(String[]::new));
                s.recorder.check("off", features[0].active().stream().noneMatch(components::contains),
                        "none of " + components, "on now: " + features[0].active());
            });
            case "list" -> s.step("features on", () -> s.recorder.pass("features", settings.mesh().id() + ": "
                    + features[0].active()));
            default -> throw new IllegalArgumentException("feature on|off|list");
        }
        return s.finish();
    }
}
