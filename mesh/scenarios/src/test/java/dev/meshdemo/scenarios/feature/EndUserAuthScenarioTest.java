package dev.meshdemo.scenarios.feature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshdemo.scenarios.harness.Contrast;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Settings;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-user-auth verdict, and the two tokens it sends: the issuer's verifies against its JWKS, the foreign one does not. */
class EndUserAuthScenarioTest {
    static final Path ROOT = Settings.repoRoot("");

    static Contrast.Verdict verdict(EndUserAuthScenario.Outcome treated, EndUserAuthScenario.Outcome control) {
        return Contrast.evaluate(EndUserAuthScenario.enforced(), treated, EndUserAuthScenario.noTokenNeeded(), control);
    }

    @Test
    void enforcedAgainstOpenPasses() {
        assertTrue(verdict(new EndUserAuthScenario.Outcome(403, 401, 201, 200), new EndUserAuthScenario.Outcome(201, 201, 201, 200)).passed());
    }

    @Test
    void noDifferenceFails() {
        assertFalse(verdict(new EndUserAuthScenario.Outcome(201, 201, 201, 200), new EndUserAuthScenario.Outcome(201, 201, 201, 200)).passed());
        Contrast.Verdict v = verdict(new EndUserAuthScenario.Outcome(403, 401, 201, 200), new EndUserAuthScenario.Outcome(403, 401, 201, 200));
        assertFalse(v.passed());
        assertTrue(v.reason().contains("agree"), v.reason());
    }

    @Test
    void wrongRefusalsFail() {
        EndUserAuthScenario.Outcome open = new EndUserAuthScenario.Outcome(201, 201, 201, 200);
        assertFalse(verdict(new EndUserAuthScenario.Outcome(401, 401, 201, 200), open).passed(), "no token is 403, not 401");
        assertFalse(verdict(new EndUserAuthScenario.Outcome(403, 403, 201, 200), open).passed(), "a bad token is 401");
        assertFalse(verdict(new EndUserAuthScenario.Outcome(403, 401, 401, 200), open).passed(), "the minted token passes");
        assertFalse(verdict(new EndUserAuthScenario.Outcome(403, 401, 201, 403), open).passed(), "reads need no token");
        assertFalse(verdict(new EndUserAuthScenario.Outcome(403, 401, 201, 200), new EndUserAuthScenario.Outcome(201, 500, 201, 200)).passed(),
                "the control places every order");
    }

    static PublicKey issuerKey() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, EndUserAuthScenario.MINT_JWT.toString(), "--jwks", "--key",
                EndUserAuthScenario.ISSUER_KEY.toString()).directory(ROOT.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        JsonNode key = HostHttp.JSON.readTree(out).path("keys").get(0);
        Base64.Decoder d = Base64.getUrlDecoder();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, d.decode(key.path("n").asText())),
                new BigInteger(1, d.decode(key.path("e").asText()))));
    }

    static boolean verifies(String token, PublicKey key) throws Exception {
        int cut = token.lastIndexOf('.');
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(token.substring(0, cut).getBytes(StandardCharsets.US_ASCII));
        return s.verify(Base64.getUrlDecoder().decode(token.substring(cut + 1)));
    }

    @Test
    void theMintedTokenIsTheIssuersAndTheForeignOneIsNot() throws Exception {
        String minted = EndUserAuthScenario.mint(ROOT, "scenario-test");
        String foreign = EndUserAuthScenario.resignedWithForeignKey(minted);
        assertEquals(minted.substring(0, minted.lastIndexOf('.')), foreign.substring(0, foreign.lastIndexOf('.')),
                "same header and claims");
        assertNotEquals(minted, foreign);
        PublicKey issuer = issuerKey();
        assertTrue(verifies(minted, issuer), "make jwt's token verifies against the JWKS the component inlines");
        assertFalse(verifies(foreign, issuer), "the foreign key's signature does not");
        JsonNode claims = HostHttp.JSON.readTree(Base64.getUrlDecoder().decode(minted.split("\\.")[1]));
        assertEquals("scenario-test", claims.path("sub").asText());
    }
}
