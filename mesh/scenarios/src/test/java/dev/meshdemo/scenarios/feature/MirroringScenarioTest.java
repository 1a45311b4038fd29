package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Contrast;
import dev.meshdemo.scenarios.harness.HttpSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mirroring verdict: v2 serving copies while callers see v1 only, against the canary share in the control. */
class MirroringScenarioTest {
    static final int N = 200;

    static MirroringScenario.Run run(int v2Answers, long v2Served) {
        List<HttpSample> all = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            all.add(new HttpSample(200, 0.01, 0, i < v2Answers ? "v2" : "v1"));
        }
        return new MirroringScenario.Run(new HttpSample.Samples(all), v2Served);
    }

    static Contrast.Verdict verdict(MirroringScenario.Run treated, MirroringScenario.Run control) {
        return Contrast.evaluate(MirroringScenario.mirrored(N), treated, MirroringScenario.canaryOnly(N), control);
    }

    @Test
    void copiesAgainstCanaryPasses() {
        assertTrue(verdict(run(0, 200), run(20, 20)).passed());
        assertTrue(verdict(run(0, 185), run(14, 30)).passed());
    }

    @Test
    void noDifferenceFails() {
        Contrast.Verdict v = verdict(run(0, 200), run(0, 200));
        assertFalse(v.passed());
        assertTrue(v.reason().contains("agree"), v.reason());
        assertFalse(verdict(run(20, 20), run(20, 20)).passed());
    }

    @Test
    void treatmentMustCopyAndAnswerFromV1Only() {
        assertFalse(verdict(run(0, 100), run(20, 20)).passed(), "v2 must see (about) every request");
        assertFalse(verdict(run(3, 200), run(20, 20)).passed(), "a caller saw v2");
    }

    @Test
    void controlMustBeTheCanary() {
        assertFalse(verdict(run(0, 200), run(100, 100)).passed(), "50 % v2 is not the 10 % canary");
        assertFalse(verdict(run(0, 200), run(20, 90)).passed(), "v2 served far more than it answered");
    }
}
