package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.ScenarioContext;

/** The control of a feature scenario is measured with its component off: one switched on by hand must go first. */
final class ComponentOff {
    private ComponentOff() {
    }

    static void require(ScenarioContext ctx, String component) {
        if (ctx.features().active().contains(component)) {
            throw new Precondition(component + " is on (switched on by hand): the control needs it off; run `make feature-off FEATURE="
                    + component + " MESH=" + ctx.mesh().id() + "` (with the same STEP=) and try again");
        }
    }
}
