package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pass/fail logic of a feature's proof: it must fail whenever treatment and control agree. */
class ContrastTest {
    static final Prediction<HttpSample> RESET = Prediction.of("reset, no HTTP answer", HttpSample::resetWithoutAnswer);
    static final Prediction<HttpSample> ANSWER = Prediction.of("an HTTP answer", HttpSample::answered);
    static final Prediction<HttpSample> PROXY_403 = Prediction.of("403 from the proxy", s -> s.status() == 403 && s.header().isEmpty());

    static HttpSample reset() {
        return new HttpSample(0, 0.01, 56, "");
    }

    static HttpSample status(int s, String header) {
        return new HttpSample(s, 0.01, 0, header);
    }

    @Test
    void istioStrictPassesOnlyWithAResetAgainstAnAnsweringControl() {
        assertTrue(Contrast.evaluate(RESET, reset(), ANSWER, status(200, "product-service")).passed());
    }

    @Test
    void a403UnderIstioIsNotAPass() {
        // Deleting the PeerAuthentication leaves plaintext accepted and refused by authorization: 403.
        Contrast.Verdict v = Contrast.evaluate(RESET, status(403, ""), ANSWER, status(403, ""));
        assertFalse(v.passed());
    }

    @Test
    void failsWhenTreatmentAndControlAgree() {
        assertFalse(Contrast.evaluate(RESET, reset(), RESET, reset()).passed(), "both reset");
        Contrast.Verdict v = Contrast.evaluate(PROXY_403, status(403, ""), ANSWER, status(403, ""));
        assertFalse(v.passed(), "both refused");
        assertTrue(v.reason().contains("agree"), v.reason());

        Prediction<Bands.Share> canary = Prediction.of("0.1 band", s -> Bands.within(s, 0.1));
        Prediction<Bands.Share> podShare = Prediction.of("0.5 band", s -> Bands.within(s, 0.5));
        assertTrue(Contrast.evaluate(canary, new Bands.Share(98, 1000), podShare, new Bands.Share(503, 1000)).passed());
        assertFalse(Contrast.evaluate(canary, new Bands.Share(98, 1000), podShare, new Bands.Share(98, 1000)).passed(),
                "the control shows the canary split too: the weighted route made no difference");
    }

    @Test
    void linkerdRefusalMustBeExactly403() {
        assertFalse(Contrast.evaluate(PROXY_403, new HttpSample(0, 0.01, 6, ""), ANSWER, status(200, "cart-service")).passed(),
                "a DNS failure (curl 000, exit 6) is not a refusal");
        assertFalse(Contrast.evaluate(PROXY_403, status(403, "cart-service"), ANSWER, status(200, "cart-service")).passed(),
                "a 403 of the app itself is not the proxy's");
        assertTrue(Contrast.evaluate(PROXY_403, status(403, ""), ANSWER, status(200, "cart-service")).passed());
    }

    @Test
    void failsWhenTheControlDidNotMeasureWhatItShould() {
        Contrast.Verdict v = Contrast.evaluate(RESET, reset(), ANSWER, new HttpSample(0, 20, 28, ""));
        assertFalse(v.passed(), "a control that timed out proves nothing");
        assertTrue(v.reason().contains("control"), v.reason());
        assertFalse(Contrast.evaluate(RESET, reset(), ANSWER, null).passed(), "no control measured");
        assertFalse(Contrast.evaluate(RESET, null, ANSWER, status(200, "x")).passed(), "no treatment measured");
    }

    @Test
    void failsWhenTheTreatmentIsNotAsPredicted() {
        Contrast.Verdict v = Contrast.evaluate(RESET, status(200, "x"), ANSWER, status(200, "x"));
        assertFalse(v.passed());
    }

    @Test
    void theRecorderKeepsBothMeasurementsAndTheReason() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Recorder r = new Recorder("sample", new PrintStream(out, true, StandardCharsets.UTF_8));
        r.step("mtls");
        boolean ok = r.contrast("svc.unmeshed-refused", RESET, "STRICT", status(403, ""), ANSWER, "PERMISSIVE",
                status(403, ""), s -> s.statusText() + " exit " + s.exitCode());
        assertFalse(ok);
        Check c = r.checks().get(0);
        assertNotNull(c.control());
        assertEquals("PERMISSIVE", c.control().condition());
        assertEquals("403 exit 0", c.control().summary());
        assertEquals("STRICT", c.observed().condition());
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("FAIL svc.unmeshed-refused  observed 403 exit 0 (STRICT) | control 403 exit 0 (PERMISSIVE)"), line);
        assertEquals(1, r.failed());
    }
}
