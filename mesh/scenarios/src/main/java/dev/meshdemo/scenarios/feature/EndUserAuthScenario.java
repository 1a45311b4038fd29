package dev.meshdemo.scenarios.feature;

import dev.meshdemo.scenarios.harness.Features;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Mesh;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Prediction;
import dev.meshdemo.scenarios.harness.Scenario;
import dev.meshdemo.scenarios.harness.ScenarioContext;
import dev.meshdemo.scenarios.harness.Shop;
import dev.meshdemo.scenarios.harness.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * end-user-auth (Istio only: Linkerd authorizes by mesh identity, it has no JWT authentication): POST /orders
 * through the entry, each time after putting one product in a fresh user's cart, three ways: without a token,
 * with a token signed by a key generated for this run (not the issuer's), and with a token from the repository's
 * MintJwt tool (what `make jwt` prints); and GET /products/1 without a token.
 * <ul>
 *   <li>With istio-end-user-auth: 403 (no request principal), 401 (invalid token), 2xx (the order is placed);
 *       the product read 200.</li>
 *   <li>Control, the component off, same run: no token is needed, a bad one is ignored: 2xx, 2xx, 2xx, 200.</li>
 * </ul>
 */
@Scenario("end-user-auth")
class EndUserAuthScenario {
    static final String COMPONENT = "istio-end-user-auth";
    /** The key and the minting tool live in the sidecar component, which the ambient one includes. */
    static final Path MINT_JWT = Path.of("mesh", "components", COMPONENT, "jwt", "MintJwt.java");
    static final Path ISSUER_KEY = Path.of("mesh", "components", COMPONENT, "jwt", "test-issuer-key.pem");

    private Outcome control;
    private String goodToken;
    private String foreignToken;

    /** The statuses of one run: the order without a token, with the foreign token, with the issuer's, the read. */
    record Outcome(int noToken, int foreignToken, int issuerToken, int productRead) {
        @Override
        public String toString() {
            return "POST /orders: no token " + noToken + ", foreign-key token " + foreignToken + ", minted token "
                    + issuerToken + "; GET /products/1 without token " + productRead;
        }
    }

    static boolean placed(int status) {
        return status >= 200 && status < 300;
    }

    static Prediction<Outcome> enforced() {
        return Prediction.of("orders: no token 403, foreign-key token 401, minted token 2xx; products 200",
                o -> o.noToken() == 403 && o.foreignToken() == 401 && placed(o.issuerToken()) && o.productRead() == 200);
    }

    static Prediction<Outcome> noTokenNeeded() {
        return Prediction.of("orders placed (2xx) with or without a token; products 200",
                o -> placed(o.noToken()) && placed(o.foreignToken()) && placed(o.issuerToken()) && o.productRead() == 200);
    }

    /** A token of the suite's test issuer: the repository's MintJwt (`make jwt`), run by this JVM's java. */
    static String mint(Path repoRoot, String sub) {
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Process p = new ProcessBuilder(java, MINT_JWT.toString(), "--sub", sub, "--ttl", "900",
                    "--key", ISSUER_KEY.toString()).directory(repoRoot.toFile()).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Precondition("MintJwt did not finish in 120 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || out.split("\\.").length != 3) {
                throw new Precondition("MintJwt failed (exit " + p.exitValue() + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new Precondition("cannot run " + MINT_JWT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Precondition("interrupted running MintJwt", e);
        }
    }

    /** The same header and claims re-signed with a freshly generated RSA key: well-formed, but not the issuer's. */
    static String resignedWithForeignKey(String token) {
        String signingInput = token.substring(0, token.lastIndexOf('.'));
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(g.generateKeyPair().getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Outcome measure(ScenarioContext ctx) {
        Shop shop = new Shop(ctx);
        String user = ScenarioContext.newId("jwt");
        shop.createUser(user);
        int none = order(shop, user);
        int foreign = order(shop, user, "authorization", "Bearer " + foreignToken);
        int issuer = order(shop, user, "authorization", "Bearer " + goodToken);
        HostHttp.Response read = ctx.http().get(ctx.apiUrl("product-service", "/products/1"));
        return new Outcome(none, foreign, issuer, read.status());
    }

    private static int order(Shop shop, String user, String... headers) {
        HostHttp.Response cart = shop.addToCart(user, 1, 1);
        if (!cart.ok()) {
            throw new Precondition("POST /cart/" + user + " answered " + cart.statusText() + ": " + cart.body());
        }
        return shop.placeOrder(user, ScenarioContext.newId("jwt-order"), headers).status();
    }

    @Test
    @Order(1)
    @DisplayName("control: no token needed")
    void control(ScenarioContext ctx) {
        if (!ctx.mesh().isIstio()) {
            ctx.recorder().notOffered(ctx.mesh().id(), "no end-user (JWT) authentication"
                    + (ctx.mesh() == Mesh.LINKERD ? " (Linkerd authorizes by mesh identity and network only)" : ""));
            return;
        }
        if (!Files.isRegularFile(ctx.settings().repoRoot().resolve(MINT_JWT))) {
            throw new Precondition("no " + MINT_JWT + " in " + ctx.settings().repoRoot());
        }
        ComponentOff.require(ctx, ctx.mesh().component("end-user-auth"));
        goodToken = mint(ctx.settings().repoRoot(), "scenario-end-user-auth");
        foreignToken = resignedWithForeignKey(goodToken);
        control = measure(ctx);
        ctx.recorder().check("control.no-token-needed", noTokenNeeded().holds(control), noTokenNeeded().text(), control.toString());
    }

    @Test
    @Order(2)
    @DisplayName("with istio-end-user-auth")
    void enforcedAtEntry(ScenarioContext ctx) {
        if (!ctx.mesh().isIstio()) {
            return;
        }
        String component = ctx.mesh().component("end-user-auth");
        ctx.features().on(component);
        String orders = ctx.apiUrl("order-service", "/orders");
        Waits.until("the gateway refuses an order without a token", Duration.ofSeconds(120),
                () -> ctx.http().postJson(orders, java.util.Map.of("userId", "nobody")).status() == 403);
        Outcome treated = measure(ctx);
        ctx.cleanup().restoreNow(Features.offDescription(List.of(component)));
        ctx.recorder().contrast("end-user-auth.orders-need-a-token", enforced(), component, treated, noTokenNeeded(),
                "no end-user-auth component", control, Outcome::toString);
    }
}
