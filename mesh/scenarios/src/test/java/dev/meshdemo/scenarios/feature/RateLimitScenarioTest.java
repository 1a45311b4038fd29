package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Contrast;
import dev.meshdemo.scenarios.harness.HttpSample;
import dev.meshdemo.scenarios.harness.Mesh;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate-limit verdict from observed answers: only a 429 share against an all-200 control passes. */
class RateLimitScenarioTest {
    static RateLimitScenario.Run run(int ok, int limited, String mark) {
        List<HttpSample> all = new ArrayList<>();
        for (int i = 0; i < ok; i++) {
            all.add(new HttpSample(200, 0.01, 0, ""));
        }
        for (int i = 0; i < limited; i++) {
            all.add(new HttpSample(429, 0.01, 0, mark));
        }
        return new RateLimitScenario.Run(new HttpSample.Samples(all), 2.0);
    }

    static Contrast.Verdict verdict(Mesh mesh, RateLimitScenario.Run treated, RateLimitScenario.Run control) {
        return Contrast.evaluate(RateLimitScenario.limitedPrediction(mesh), treated, RateLimitScenario.unlimitedPrediction(), control);
    }

    @Test
    void limitedAgainstUnlimitedPasses() {
        assertTrue(verdict(Mesh.ISTIO, run(40, 160, "true"), run(200, 0, "")).passed());
        assertTrue(verdict(Mesh.LINKERD, run(150, 50, ""), run(200, 0, "")).passed());
    }

    @Test
    void noDifferenceFails() {
        Contrast.Verdict v = verdict(Mesh.LINKERD, run(200, 0, ""), run(200, 0, ""));
        assertFalse(v.passed());
        Contrast.Verdict both = verdict(Mesh.LINKERD, run(100, 100, ""), run(100, 100, ""));
        assertFalse(both.passed());
        assertTrue(both.reason().contains("agree"), both.reason());
    }

    @Test
    void tooFewOrUnmarked429Fail() {
        assertFalse(verdict(Mesh.LINKERD, run(160, 40, ""), run(200, 0, "")).passed(), "20 % is below 25 %");
        assertFalse(verdict(Mesh.ISTIO, run(40, 160, ""), run(200, 0, "")).passed(), "Istio's 429 must be Envoy's own");
        assertFalse(verdict(Mesh.LINKERD, run(100, 100, ""), run(199, 1, "")).passed(), "one 429 in the control");
    }

    @Test
    void otherErrorsAreNotTheLimit() {
        List<HttpSample> all = new ArrayList<>(run(100, 100, "").samples().all());
        all.set(0, new HttpSample(503, 0.01, 0, ""));
        assertFalse(verdict(Mesh.LINKERD, new RateLimitScenario.Run(new HttpSample.Samples(all), 2), run(200, 0, "")).passed());
    }

    @Test
    void rateIsReported() {
        assertTrue(run(100, 100, "").toString().contains("100 req/s"), run(100, 100, "").toString());
    }
}
