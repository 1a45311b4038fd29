package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Contrast;
import dev.meshdemo.scenarios.harness.HttpSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection-pool overflow counts only Envoy's own 503s, and needs a control without them. */
class ConnectionPoolScenarioTest {
    static HttpSample.Samples load(int ok, int overflow, int other503) {
        List<HttpSample> all = new ArrayList<>();
        for (int i = 0; i < ok; i++) {
            all.add(new HttpSample(200, 0.02, 0, ""));
        }
        for (int i = 0; i < overflow; i++) {
            all.add(new HttpSample(503, 0.001, 0, "true"));
        }
        for (int i = 0; i < other503; i++) {
            all.add(new HttpSample(503, 0.02, 0, ""));
        }
        return new HttpSample.Samples(all);
    }

    static Contrast.Verdict verdict(HttpSample.Samples treated, HttpSample.Samples control) {
        return Contrast.evaluate(ConnectionPoolScenario.tripped(), treated, ConnectionPoolScenario.unlimited(), control);
    }

    @Test
    void overflowAgainstNonePasses() {
        assertTrue(verdict(load(300, 100, 0), load(400, 0, 0)).passed());
        assertTrue(verdict(load(380, 20, 0), load(398, 0, 2)).passed(), "2 upstream 503 of 400 are within 1 %");
    }

    @Test
    void noDifferenceFails() {
        assertFalse(verdict(load(400, 0, 0), load(400, 0, 0)).passed());
        Contrast.Verdict v = verdict(load(300, 100, 0), load(300, 100, 0));
        assertFalse(v.passed());
        assertTrue(v.reason().contains("agree"), v.reason());
    }

    @Test
    void upstream503AreNotOverflow() {
        assertFalse(verdict(load(300, 0, 100), load(400, 0, 0)).passed(), "503 without x-envoy-overloaded");
        assertFalse(verdict(load(390, 10, 0), load(400, 0, 0)).passed(), "2.5 % is below 5 %");
        assertFalse(verdict(load(300, 100, 0), load(390, 0, 10)).passed(), "2.5 % 503 in the control");
    }
}
