package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The feature components (issue 10's table): each renders with the overlays it fits, passes every check
 * of {@link Validation} and {@link FeatureRules}, carries what its README promises, and each feature rule
 * fails on a broken copy of a real render (with the unbroken render passing the same rule).
 */
class FeatureComponentsTest {
    private static final Map<String, Render> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Overlay + several components in order, through a kustomization under target/ (as `make feature-on` composes them). */
    static Render render(String overlay, String... components) {
        String label = overlay + "+" + String.join("+", components);
        return CACHE.computeIfAbsent(label, k -> {
            Path dir = Repo.mesh().resolve("validation/target/render/features/" + label);
            StringBuilder kustomization = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ")
                    .append(dir.relativize(Repo.mesh().resolve("overlays/" + overlay))).append("\ncomponents:\n");
            for (String c : components) {
                kustomization.append("  - ").append(dir.relativize(Repo.mesh().resolve("components/" + c))).append('\n');
            }
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Render(label, overlay, Kustomize.parse(Kustomize.kubectl(dir)));
        }).copy();
    }

    /** The unbroken render passes the rule; the broken copy fails it with a message containing expected (AmbientRulesTest too). */
    static void assertCaught(Render good, Function<Render, List<String>> rule, Consumer<Render> breakIt, String expected) {
        assertEquals(List.of(), rule.apply(good), "the unbroken " + good.label() + " render must pass");
        Render broken = good.copy();
        breakIt.accept(broken);
        List<String> errors = rule.apply(broken);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected an error containing '" + expected + "', got " + errors);
    }

    private static ObjectNode http(Render r, String virtualService, int index) {
        return (ObjectNode) r.get("networking.istio.io", "VirtualService", virtualService).path("spec").path("http").get(index);
    }

    // ------------------------------------------------------------ every render, every feature rule

    /** The feature rules on every render the suite has (overlays, overlay + one component) and on the composed ones. */
    @TestFactory
    Stream<DynamicNode> featureRulesHoldOnEveryRender() {
        List<String[]> renders = new ArrayList<>(OverlaysTest.combinations());
        renders.add(new String[] {"istio", "observability", "alerting"});
        renders.add(new String[] {"linkerd", "observability", "alerting"});
        renders.add(new String[] {"plain", "observability", "alerting"});
        renders.add(new String[] {"istio", "istio-circuit-breaker", "istio-connection-pool"});
        renders.add(new String[] {"istio", "observability", "istio-egress"});
        renders.add(new String[] {"istio", "observability", "istio-tracing"});
        renders.add(new String[] {"linkerd", "observability", "linkerd-egress"});
        return renders.stream().map(c -> {
            String label = String.join(" + ", Stream.of(c).filter(s -> s != null).toList());
            return DynamicContainer.dynamicContainer(label, Stream.concat(
                    FeatureRules.all().entrySet().stream().map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> {
                        List<String> errors = rule.getValue().apply(renderOf(c));
                        assertTrue(errors.isEmpty(), label + " / " + rule.getKey() + ":\n  " + String.join("\n  ", errors));
                    })),
                    c.length > 2 ? Validation.CHECKS.entrySet().stream().map(check -> DynamicTest.dynamicTest(check.getKey(), () -> {
                        List<String> errors = check.getValue().apply(renderOf(c));
                        assertTrue(errors.isEmpty(), label + " / " + check.getKey() + ":\n  " + String.join("\n  ", errors));
                    })) : Stream.empty()));
        });
    }

    private static Render renderOf(String[] c) {
        if (c.length == 2 && c[1] == null) {
            return Kustomize.overlay(c[0]);
        }
        if (c.length == 2) {
            return Kustomize.withComponent(c[0], c[1]);
        }
        return render(c[0], java.util.Arrays.copyOfRange(c, 1, c.length));
    }

    @Test
    void everyNewComponentHasAReadmeThatSaysHowToSwitchItOnAndOff() throws IOException {
        for (String c : List.of("istio-mirroring", "istio-rate-limit", "linkerd-rate-limit", "istio-end-user-auth", "istio-egress",
                "linkerd-egress", "istio-connection-pool", "gamma", "alerting")) {
            Path readme = Repo.mesh().resolve("components/" + c + "/README.md");
            assertTrue(Files.isRegularFile(readme), c + " has no README.md");
            String text = Files.readString(readme);
            for (String needed : List.of("make feature-on FEATURE=" + c, "make feature-off FEATURE=" + c, "kubectl apply -k", "kubectl diff -k")) {
                assertTrue(text.contains(needed), c + "/README.md does not say '" + needed + "'");
            }
            assertTrue(text.contains("## Contrast check"), c + "/README.md has no '## Contrast check' section for its scenario");
        }
    }

    // ------------------------------------------------------------ mirroring

    @Test
    void mirroringAnswersFromV1AndCopiesEveryNonVipReadToV2() {
        Render on = Kustomize.withComponent("istio", "istio-mirroring");
        for (String[] vsRoute : List.of(new String[] {"meshdemo-entry", "1"}, new String[] {"product-service", "1"})) {
            JsonNode route = http(on, vsRoute[0], Integer.parseInt(vsRoute[1]));
            assertEquals("v2", route.path("mirror").path("subset").asText(), vsRoute[0]);
            assertEquals(100.0, route.path("mirrorPercentage").path("value").asDouble(), vsRoute[0]);
            assertEquals(1, route.path("route").size(), vsRoute[0] + ": callers are answered by one subset");
            assertEquals("v1", route.path("route").get(0).path("destination").path("subset").asText(), vsRoute[0]);
            assertEquals("GET", route.path("match").get(0).path("method").path("exact").asText(), vsRoute[0] + ": only reads are mirrored");
            assertFalse(http(Kustomize.overlay("istio"), vsRoute[0], 1).has("mirror"), "the control (overlay alone) mirrors nothing");
        }
    }

    @Test
    void mirrorOntoTheServedSubsetIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-mirroring"), FeatureRules::mirrors,
                r -> ((ObjectNode) http(r, "product-service", 1).path("mirror")).put("subset", "v1"), "the copies would land on the same pods");
    }

    @Test
    void mirroringWritesIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-mirroring"), FeatureRules::mirrors,
                r -> ((ObjectNode) http(r, "meshdemo-entry", 1).path("match").get(0)).remove("method"), "would repeat the write");
    }

    @Test
    void mirrorPercentageOutOfRangeIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-mirroring"), FeatureRules::mirrors,
                r -> ((ObjectNode) http(r, "product-service", 1).path("mirrorPercentage")).put("value", 0), "is not in (0, 100]");
    }

    // ------------------------------------------------------------ rate limiting

    private static JsonNode localRateLimitConfig(Render r) {
        return r.get("networking.istio.io", "EnvoyFilter", "product-service-local-rate-limit").path("spec").path("configPatches").get(0)
                .path("patch").path("value").path("typed_config");
    }

    @Test
    void bothMeshesLimitEachProductPodToTheSameRate() {
        JsonNode bucket = localRateLimitConfig(Kustomize.withComponent("istio", "istio-rate-limit")).path("token_bucket");
        JsonNode linkerd = Kustomize.withComponent("linkerd", "linkerd-rate-limit").get("policy.linkerd.io", "HTTPLocalRateLimitPolicy", "product-service");
        double istioPerSecond = bucket.path("tokens_per_fill").asDouble() / Double.parseDouble(bucket.path("fill_interval").asText().replace("s", ""));
        assertEquals(5.0, istioPerSecond, "Istio: requests per second per pod");
        assertEquals(5, linkerd.path("spec").path("identity").path("requestsPerSecond").asInt(),
                "Linkerd: requests per second per pod from each client identity (the entry's traffic is one identity)");
        assertTrue(linkerd.path("spec").path("total").isMissingNode(), "Linkerd: no total limit, which the probes would share");
        assertEquals(bucket.path("max_tokens").asInt(), bucket.path("tokens_per_fill").asInt(), "Istio: no burst beyond one second's budget");
        assertEquals("product-service", linkerd.path("spec").path("targetRef").path("name").asText());
        assertEquals(2, Kustomize.withComponent("istio", "istio-rate-limit").workloadsSelectedBy(
                Kustomize.withComponent("istio", "istio-rate-limit").get("networking.istio.io", "EnvoyFilter", "product-service-local-rate-limit")
                        .path("spec").path("workloadSelector").path("labels")).size(), "both product versions are limited");
    }

    @Test
    void rateLimitNeverEnforcedIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) localRateLimitConfig(r).path("filter_enforced").path("default_value")).put("numerator", 0), "never refuse");
    }

    @Test
    void rateLimitIntervalInTheWrongDurationFormatIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) localRateLimitConfig(r).path("token_bucket")).put("fill_interval", "500ms"), "is not a protobuf duration");
    }

    @Test
    void rateLimitWithAWrongTypeUrlIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) localRateLimitConfig(r)).put("@type", "type.googleapis.com/envoy.extensions.filters.http.ratelimit.v3.RateLimit"),
                "is not " + FeatureRules.LOCAL_RATE_LIMIT);
    }

    @Test
    void rateLimitOnNoPodsIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) r.get("networking.istio.io", "EnvoyFilter", "product-service-local-rate-limit").path("spec")
                        .path("workloadSelector").path("labels")).put("app", "products"), "workloadSelector matches no pods");
    }

    @Test
    void rateLimitAfterTheRouterIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) r.get("networking.istio.io", "EnvoyFilter", "product-service-local-rate-limit").path("spec")
                        .path("configPatches").get(0).path("patch")).put("operation", "INSERT_AFTER"), "inserted before envoy.filters.http.router");
    }

    @Test
    void linkerdRateLimitOnAMissingServerIsCaught() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "HTTPLocalRateLimitPolicy", "product-service").path("spec").path("targetRef"))
                        .put("name", "products"), "target Server products does not exist");
    }

    @Test
    void twoLinkerdRateLimitsOnOneServerAreCaught() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-rate-limit"), FeatureRules::rateLimits, r -> {
            ObjectNode second = r.get("policy.linkerd.io", "HTTPLocalRateLimitPolicy", "product-service").deepCopy();
            ((ObjectNode) second.path("metadata")).put("name", "product-service-again");
            r.objects().add(second);
        }, "takes one HTTPLocalRateLimitPolicy per Server");
    }

    @Test
    void linkerdIdentityLimitAboveTotalIsCaught() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "HTTPLocalRateLimitPolicy", "product-service").path("spec"))
                        .putObject("total").put("requestsPerSecond", 1), "identity.requestsPerSecond 5 exceeds total 1");
    }

    @Test
    void linkerdTotalLimitOnAServerTheKubeletProbesThroughIsCaught() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-rate-limit"), FeatureRules::rateLimits,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "HTTPLocalRateLimitPolicy", "product-service").path("spec"))
                        .putObject("total").put("requestsPerSecond", 50), "a total limit on Server product-service, through which the kubelet probes");
    }

    @Test
    void linkerdTotalLimitOnAServerWithoutProbesPasses() {
        Render r = Kustomize.withComponent("linkerd", "linkerd-rate-limit").copy();
        ((ObjectNode) r.get("policy.linkerd.io", "HTTPLocalRateLimitPolicy", "product-service").path("spec")).putObject("total").put("requestsPerSecond", 50);
        r.workloadsSelectedBy(r.get("policy.linkerd.io", "Server", "product-service").path("spec").path("podSelector").path("matchLabels"))
                .forEach(w -> Render.podSpec(w).path("containers").forEach(c -> ((ObjectNode) c).remove(List.of("startupProbe", "livenessProbe", "readinessProbe"))));
        assertEquals(List.of(), FeatureRules.rateLimits(r), "the probe rule must name probes, not every total limit");
    }

    @Test
    void linkerdRateLimitWithAnUnknownFieldFailsTheCrdSchema() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-rate-limit"), Validation::crdKinds,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "HTTPLocalRateLimitPolicy", "product-service").path("spec").path("identity"))
                        .put("requestsPerMinute", 300), "requestsPerMinute: unknown field");
    }

    // ------------------------------------------------------------ end-user authentication

    private static JsonNode jwtRule(Render r) {
        return r.get("security.istio.io", "RequestAuthentication", "meshdemo-ingress-jwt").path("spec").path("jwtRules").get(0);
    }

    private static String mintJwt(String... args) throws Exception {
        Path tool = Repo.mesh().resolve("components/istio-end-user-auth/jwt/MintJwt.java");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmeshdemo.jwt.key=" + tool.resolveSibling("test-issuer-key.pem"), tool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "MintJwt timed out");
        assertEquals(0, p.exitValue(), "MintJwt " + List.of(args) + " failed: " + out);
        return out;
    }

    private static PublicKey publicKey(JsonNode jwk) throws Exception {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, b64.decode(jwk.path("n").asText())), new BigInteger(1, b64.decode(jwk.path("e").asText()))));
    }

    private static boolean verifies(String token, PublicKey key) throws Exception {
        String[] parts = token.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    /** The committed private key says, before its PEM block, that it is a public test key (so no one takes it for a secret). */
    @Test
    void theCommittedJwtKeyIsMarkedTestOnly() throws IOException {
        Path dir = Repo.mesh().resolve("components/istio-end-user-auth/jwt");
        String pem = Files.readString(dir.resolve("test-issuer-key.pem"), StandardCharsets.US_ASCII);
        String preamble = pem.substring(0, Math.max(0, pem.indexOf("-----BEGIN PRIVATE KEY-----")));
        assertTrue(preamble.startsWith("TEST KEY - NOT A SECRET - DO NOT USE FOR ANYTHING REAL."), "first line of test-issuer-key.pem: " + preamble.lines().findFirst().orElse("(none)"));
        assertTrue(preamble.contains("https://issuer.meshdemo.test"), "the preamble names the made-up issuer");
        assertEquals(1, pem.split("-----BEGIN PRIVATE KEY-----", -1).length - 1, "exactly one key in the file");
        assertTrue(Files.readString(dir.resolve("README.md")).contains("TEST ONLY"), "jwt/README.md says the key is for tests only");
    }

    @Test
    void theInlineJwksIsThePublicHalfOfTheCommittedTestKey() throws Exception {
        JsonNode inline = JSON.readTree(jwtRule(Kustomize.withComponent("istio", "istio-end-user-auth")).path("jwks").asText());
        assertEquals(JSON.readTree(mintJwt("--jwks")), inline, "regenerate request-authentication.yaml's jwks with `make jwks`");
    }

    @Test
    void aMintedTokenIsAcceptedByTheRequestAuthenticationAndAForeignOneIsNot() throws Exception {
        JsonNode rule = jwtRule(Kustomize.withComponent("istio", "istio-end-user-auth"));
        JsonNode jwk = JSON.readTree(rule.path("jwks").asText()).path("keys").get(0);
        String token = mintJwt("--sub", "alice", "--ttl", "600");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertTrue(verifies(token, publicKey(jwk)), "the minted token's RS256 signature verifies with the inline JWKS");
        assertEquals(jwk.path("kid").asText(), header.path("kid").asText());
        assertEquals("RS256", header.path("alg").asText());
        assertEquals(rule.path("issuer").asText(), claims.path("iss").asText());
        assertTrue(rule.path("audiences").toString().contains("\"" + claims.path("aud").asText() + "\""));
        assertEquals("alice", claims.path("sub").asText());
        long ttl = claims.path("exp").asLong() - claims.path("iat").asLong();
        assertEquals(600, ttl);
        // The control: a key that is not the issuer's does not verify (so the check above can fail).
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        assertFalse(verifies(token, generator.generateKeyPair().getPublic()));
        String[] parts = token.split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                JSON.writeValueAsBytes(((ObjectNode) claims).put("sub", "mallory")));
        assertFalse(verifies(parts[0] + "." + forgedClaims + "." + parts[2], publicKey(jwk)), "a token whose claims were changed is refused");
    }

    @Test
    void endUserAuthGuardsOnlyPostOrdersAtTheEntry() {
        Render r = Kustomize.withComponent("istio", "istio-end-user-auth");
        JsonNode deny = r.get("security.istio.io", "AuthorizationPolicy", "meshdemo-ingress-require-jwt").path("spec");
        assertEquals("DENY", deny.path("action").asText());
        assertEquals("[\"POST\"]", deny.path("rules").get(0).path("to").get(0).path("operation").path("methods").toString());
        assertEquals("[\"/orders\"]", deny.path("rules").get(0).path("to").get(0).path("operation").path("paths").toString());
        assertEquals(List.of("meshdemo-ingress"), r.workloadsSelectedBy(deny.path("selector").path("matchLabels")).stream().map(Render::name).toList());
    }

    @Test
    void requestPrincipalOfAnUnknownIssuerIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-end-user-auth"), FeatureRules::endUserAuth,
                r -> ((ArrayNode) r.get("security.istio.io", "AuthorizationPolicy", "meshdemo-ingress-require-jwt").path("spec").path("rules").get(0)
                        .path("from").get(0).path("source").path("notRequestPrincipals")).set(0, "https://issuer.meshdemo.example/*"),
                "which no RequestAuthentication accepts");
    }

    @Test
    void brokenInlineJwksIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-end-user-auth"), FeatureRules::endUserAuth,
                r -> ((ObjectNode) jwtRule(r)).put("jwks", "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"abc\""), "jwks is not JSON");
    }

    @Test
    void jwtRuleThatWouldFetchFromTheInternetIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-end-user-auth"), FeatureRules::endUserAuth,
                r -> ((ObjectNode) jwtRule(r)).remove("jwks"), "has neither jwks nor jwksUri");
    }

    @Test
    void requestAuthenticationOnNoPodsIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-end-user-auth"), FeatureRules::endUserAuth,
                r -> ((ObjectNode) r.get("security.istio.io", "RequestAuthentication", "meshdemo-ingress-jwt").path("spec").path("selector")
                        .path("matchLabels")).put("istio", "ingressgateway"), "selector matches no pods");
    }

    // ------------------------------------------------------------ egress

    @Test
    void bothMeshesAllowTheSameExternalHostAndTheControlsAllowEverything() {
        Set<String> istio = FeatureRules.allowedExternalHosts(Kustomize.withComponent("istio", "istio-egress"));
        Set<String> linkerd = FeatureRules.allowedExternalHosts(Kustomize.withComponent("linkerd", "linkerd-egress"));
        assertEquals(Set.of("http://example.com:80"), istio);
        assertEquals(istio, linkerd, "the same allow-list under both meshes, so one scenario checks both");
        assertTrue(Kustomize.withComponent("istio", "istio-egress").all("networking.istio.io", "Sidecar")
                .anyMatch(s -> "REGISTRY_ONLY".equals(s.path("spec").path("outboundTrafficPolicy").path("mode").asText())));
        assertEquals("Deny", Kustomize.withComponent("linkerd", "linkerd-egress").get("policy.linkerd.io", "EgressNetwork", "meshdemo-egress")
                .path("spec").path("trafficPolicy").asText());
        assertEquals(0, Kustomize.overlay("istio").all("networking.istio.io", "Sidecar").count(), "control: Istio's default ALLOW_ANY");
        assertEquals(0, Kustomize.overlay("linkerd").all("policy.linkerd.io", "EgressNetwork").count(), "control: no EgressNetwork");
        for (String c : List.of("istio:istio-egress", "linkerd:linkerd-egress")) {
            assertTrue(Kustomize.withComponent(c.split(":")[0], c.split(":")[1]).find("apps", "Deployment", "egress-probe").isPresent(), c);
        }
    }

    @Test
    void externalHostWithoutRegistryOnlyIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-egress"), FeatureRules::egress,
                r -> r.objects().remove(r.get("networking.istio.io", "Sidecar", "default")), "while the outbound policy is ALLOW_ANY");
    }

    @Test
    void secondNamespaceWideSidecarIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-egress"), FeatureRules::egress, r -> {
            ObjectNode copy = r.get("networking.istio.io", "Sidecar", "default").deepCopy();
            ((ObjectNode) copy.path("metadata")).put("name", "registry-only");
            r.objects().add(copy);
        }, "several Sidecars without workloadSelector");
    }

    @Test
    void serviceEntryExportedToTheWholeMeshIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-egress"), FeatureRules::egress,
                r -> ((ObjectNode) r.get("networking.istio.io", "ServiceEntry", "example-com").path("spec")).remove("exportTo"), "exportTo");
    }

    @Test
    void linkerdEgressRouteForEveryHostIsCaught() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-egress"), FeatureRules::egress,
                r -> ((ObjectNode) r.get(FeatureRules.GATEWAY_API, "HTTPRoute", "egress-example-com").path("spec")).remove("hostnames"),
                "allows every external host");
    }

    @Test
    void linkerdEgressRouteWithoutPortIsCaught() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-egress"), FeatureRules::egress,
                r -> ((ObjectNode) r.get(FeatureRules.GATEWAY_API, "HTTPRoute", "egress-example-com").path("spec").path("parentRefs").get(0))
                        .remove("port"), "without port");
    }

    /** istio-tracing at 100 %: without its scoping Telemetries every span export would start a trace. */
    @Test
    void tracingThatTracesTheExportsIsCaught() {
        Render good = render("istio", "observability", "istio-tracing");
        assertCaught(good, FeatureRules::tracingSkipsTheExports,
                r -> r.objects().removeIf(o -> Render.name(o).equals("tracing-off-observability")),
                "Deployment/otel-collector (observability): its sidecar reports");
        assertCaught(good, FeatureRules::tracingSkipsTheExports,
                r -> r.objects().removeIf(o -> Render.name(o).equals("tracing-services-inbound-only")),
                "every span export it sends becomes a trace of its own");
    }

    /** istio-egress's REGISTRY_ONLY with observability: Prometheus's scrapes of pod IPs must skip its sidecar. */
    @Test
    void scrapeThroughARegistryOnlySidecarIsCaught() {
        assertCaught(render("istio", "observability", "istio-egress"), FeatureRules::scrapesReachTheirTargets,
                r -> ((ObjectNode) r.get("apps", "Deployment", "prometheus").path("spec").path("template").path("metadata").path("annotations"))
                        .remove("traffic.sidecar.istio.io/excludeOutboundPorts"),
                "ends in the BlackHoleCluster");
        // A Sidecar of Prometheus's own that is REGISTRY_ONLY as well is no way out either.
        assertCaught(render("istio", "observability", "istio-egress"), FeatureRules::scrapesReachTheirTargets, r -> {
            ((ObjectNode) r.get("apps", "Deployment", "prometheus").path("spec").path("template").path("metadata").path("annotations"))
                    .put("traffic.sidecar.istio.io/excludeOutboundPorts", "9090");
            ObjectNode own = r.get("networking.istio.io", "Sidecar", "default").deepCopy();
            ((ObjectNode) own.path("metadata")).put("name", "prometheus");
            ((ObjectNode) own.path("spec")).putObject("workloadSelector").putObject("labels").put("app", "prometheus");
            r.objects().add(own);
        }, "Sidecar/prometheus makes REGISTRY_ONLY");
    }

    @Test
    void egressNetworkPolicyOutsideTheEnumFailsTheCrdSchema() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-egress"), Validation::crdKinds,
                r -> ((ObjectNode) r.get("policy.linkerd.io", "EgressNetwork", "meshdemo-egress").path("spec")).put("trafficPolicy", "Block"),
                "is not one of [\"Allow\",\"Deny\"]");
    }

    @Test
    void sidecarOutboundModeOutsideTheEnumFailsTheCrdSchema() {
        assertCaught(Kustomize.withComponent("istio", "istio-egress"), Validation::crdKinds,
                r -> ((ObjectNode) r.get("networking.istio.io", "Sidecar", "default").path("spec").path("outboundTrafficPolicy"))
                        .put("mode", "DENY_ALL"), "is not one of");
    }

    @Test
    void misspelledJwtRuleFieldFailsTheCrdSchema() {
        assertCaught(Kustomize.withComponent("istio", "istio-end-user-auth"), Validation::crdKinds,
                r -> ((ObjectNode) jwtRule(r)).put("audience", "meshdemo"), "audience: unknown field");
    }

    @Test
    void linkerdEgressRouteToAMissingEgressNetworkIsCaught() {
        assertCaught(Kustomize.withComponent("linkerd", "linkerd-egress"), MeshRules::routesResolve,
                r -> ((ObjectNode) r.get(FeatureRules.GATEWAY_API, "HTTPRoute", "egress-example-com").path("spec").path("parentRefs").get(0))
                        .put("name", "all-egress"), "parent EgressNetwork all-egress does not exist");
    }

    // ------------------------------------------------------------ connection pool

    @Test
    void connectionPoolLimitsEveryProductSubsetAndComposesWithOutlierDetection() {
        Render both = render("istio", "istio-circuit-breaker", "istio-connection-pool");
        JsonNode dr = both.get("networking.istio.io", "DestinationRule", "product-service").path("spec");
        assertEquals(5, dr.path("trafficPolicy").path("outlierDetection").path("consecutive5xxErrors").asInt(), "outlier detection kept");
        for (JsonNode subset : dr.path("subsets")) {
            JsonNode pool = subset.path("trafficPolicy").path("connectionPool");
            assertEquals(1, pool.path("tcp").path("maxConnections").asInt(), subset.path("name").asText());
            assertEquals(1, pool.path("http").path("http1MaxPendingRequests").asInt(), subset.path("name").asText());
        }
    }

    @Test
    void connectionPoolBenchmarkDrivesTheEntryHardEnoughToTripIt() throws IOException {
        Path bench = Repo.root().resolve("loadtest/benchmarks/connection-pool.hf.yaml");
        JsonNode doc = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(Files.readString(bench)
                .replaceAll("!param (\\S+) (\\S+)", "$2"));
        assertTrue(doc.path("http").path("host").asText().endsWith(":8080"), "through the entry, whose Envoy holds the pool");
        assertTrue(doc.path("http").path("sharedConnections").asInt() > 2, "more client connections than the pool's 1 + 1 pending");
        assertTrue(Files.readString(bench).contains("/products/"), "reads products");
    }

    @Test
    void zeroMaxConnectionsIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-connection-pool"), FeatureRules::connectionPools,
                r -> ((ObjectNode) r.get("networking.istio.io", "DestinationRule", "product-service").path("spec").path("subsets").get(0)
                        .path("trafficPolicy").path("connectionPool").path("tcp")).put("maxConnections", 0), "must be at least 1");
    }

    @Test
    void routeBypassingThePooledSubsetsIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "istio-connection-pool"), FeatureRules::connectionPools,
                r -> ((ObjectNode) http(r, "product-service", 1).path("route").get(0).path("destination")).remove("subset"),
                "bypassing the subsets' connection pool");
    }

    @Test
    void gammaTogetherWithTheConnectionPoolIsRefused() {
        List<String> errors = FeatureRules.connectionPools(render("istio", "istio-connection-pool", "gamma"));
        assertTrue(errors.stream().anyMatch(e -> e.contains("the subsets' connection pool never applies")), errors.toString());
    }

    // ------------------------------------------------------------ GAMMA

    private static List<JsonNode> gammaRoutes(Render r) {
        return r.all(FeatureRules.GATEWAY_API, "HTTPRoute").map(o -> (JsonNode) o).sorted(java.util.Comparator.comparing(Render::name)).toList();
    }

    @Test
    void gammaRoutesAreTheSameUnderBothMeshesAndReplaceTheNativeOnes() {
        Render istio = Kustomize.withComponent("istio", "gamma");
        Render linkerd = Kustomize.withComponent("linkerd", "gamma");
        assertEquals(2, gammaRoutes(istio).size());
        assertEquals(gammaRoutes(istio), gammaRoutes(linkerd), "the same files for both meshes");
        assertTrue(istio.find("networking.istio.io", "VirtualService", "product-service").isEmpty(), "Istio's mesh VirtualService removed");
        assertTrue(istio.find("networking.istio.io", "VirtualService", "meshdemo-entry").isPresent(), "the gateway keeps its own");
        assertTrue(linkerd.find("policy.linkerd.io", "HTTPRoute", "product-service-get").isEmpty());
        assertTrue(linkerd.find("policy.linkerd.io", "HTTPRoute", "product-service-default").isEmpty());
        assertTrue(linkerd.find("policy.linkerd.io", "HTTPRoute", "cart-service-get").isPresent(), "other native routes stay");
        for (Render r : List.of(istio, linkerd)) {
            assertEquals(List.of(), Validation.crdKinds(r), r.label() + ": the Gateway API v1.5.1 schema accepts the routes");
        }
    }

    @Test
    void gammaCarriesTheSameCanaryAsTheNativeLinkerdRoutes() {
        Render nativeRoutes = Kustomize.overlay("linkerd");
        Render gamma = Kustomize.withComponent("linkerd", "gamma");
        for (String[] pair : List.of(new String[] {"product-service-get", "product-service-gamma-get"},
                new String[] {"product-service-default", "product-service-gamma-default"})) {
            JsonNode before = nativeRoutes.get("policy.linkerd.io", "HTTPRoute", pair[0]).path("spec").path("rules");
            JsonNode after = gamma.get(FeatureRules.GATEWAY_API, "HTTPRoute", pair[1]).path("spec").path("rules");
            assertEquals(before.size(), after.size(), pair[1]);
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).path("matches"), after.get(i).path("matches"), pair[1] + " rule " + i + " matches");
                assertEquals(before.get(i).path("backendRefs"), after.get(i).path("backendRefs"), pair[1] + " rule " + i + " backends (vip -> v2, 90/10)");
            }
        }
    }

    @Test
    void gammaBesideTheNativeIstioRouteIsRefused() {
        assertCaught(Kustomize.withComponent("istio", "gamma"), FeatureRules::oneRouteSetPerService,
                r -> r.objects().add(Kustomize.overlay("istio").get("networking.istio.io", "VirtualService", "product-service")),
                "Service product-service is routed by GAMMA");
    }

    @Test
    void gammaBesideTheNativeLinkerdRouteIsRefused() {
        assertCaught(Kustomize.withComponent("linkerd", "gamma"), FeatureRules::oneRouteSetPerService,
                r -> r.objects().add(Kustomize.overlay("linkerd").get("policy.linkerd.io", "HTTPRoute", "product-service-get")),
                "and by native [HTTPRoute/product-service-get (policy.linkerd.io)]");
    }

    @Test
    void gammaParentInLinkerdsCoreSpellingIsCaught() {
        assertCaught(Kustomize.withComponent("istio", "gamma"), FeatureRules::oneRouteSetPerService,
                r -> ((ObjectNode) r.get(FeatureRules.GATEWAY_API, "HTTPRoute", "product-service-gamma-get").path("spec").path("parentRefs").get(0))
                        .put("group", "core"), "must have group \"\"");
    }

    @Test
    void gammaWeightAsAStringFailsTheGatewayApiSchema() {
        assertCaught(Kustomize.withComponent("linkerd", "gamma"), Validation::crdKinds,
                r -> ((ObjectNode) r.get(FeatureRules.GATEWAY_API, "HTTPRoute", "product-service-gamma-get").path("spec").path("rules").get(1)
                        .path("backendRefs").get(0)).put("weight", "90"), "must be of type integer");
    }

    // ------------------------------------------------------------ alerting

    private static ObjectNode rulesConfigMap(Render r) {
        return r.all("", "ConfigMap").filter(c -> Render.name(c).startsWith("prometheus-rules")).findFirst().orElseThrow();
    }

    private static void editRules(Render r, Function<String, String> edit) {
        ObjectNode data = (ObjectNode) rulesConfigMap(r).path("data");
        data.put("meshdemo-alerts.yml", edit.apply(data.path("meshdemo-alerts.yml").asText()));
    }

    @Test
    void alertingLoadsRulesForBothMeshesIntoTheObservabilityPrometheus() {
        Render r = render("istio", "observability", "alerting");
        String rules = rulesConfigMap(r).path("data").path("meshdemo-alerts.yml").asText();
        for (String alert : List.of("MeshdemoIstioHighErrorRatio", "MeshdemoIstioHighP99Latency", "MeshdemoIstioWorkloadCertExpiring",
                "MeshdemoLinkerdHighErrorRatio", "MeshdemoLinkerdHighP99Latency", "MeshdemoLinkerdProxyCertExpiring")) {
            assertTrue(rules.contains("alert: " + alert), alert);
        }
        assertTrue(Render.podSpec(r.get("apps", "Deployment", "prometheus")).toString().contains(Render.name(rulesConfigMap(r))),
                "the rules are mounted into Prometheus");
        Render alone = Kustomize.withComponent("istio", "alerting");
        assertTrue(alone.find("apps", "Deployment", "prometheus").isEmpty(), "without observability there is no Prometheus to patch");
        assertEquals(Kustomize.overlay("istio").objects().size() + 1, alone.objects().size(), "alone it adds only the rules ConfigMap");
    }

    @Test
    void alertOnAMetricNoProxyExportsIsCaught() {
        assertCaught(render("linkerd", "observability", "alerting"), FeatureRules::alerting,
                r -> editRules(r, s -> s.replace("response_total{direction=\"inbound\", classification=\"failure\"}",
                        "linkerd_response_total{direction=\"inbound\", classification=\"failure\"}")),
                "reads linkerd_response_total, which neither");
    }

    @Test
    void alertOnALabelTheMetricLacksIsCaught() {
        assertCaught(render("istio", "observability", "alerting"), FeatureRules::alerting,
                r -> editRules(r, s -> s.replaceFirst("destination_service_namespace=\"meshdemo\"", "namespace=\"meshdemo\"")),
                "istio_requests_total has no label namespace");
    }

    @Test
    void alertWithoutForIsCaught() {
        assertCaught(render("istio", "observability", "alerting"), FeatureRules::alerting,
                r -> editRules(r, s -> s.replaceFirst("for: 1m", "for: soon")), "is not a Prometheus duration");
    }

    @Test
    void duplicateAlertNameIsCaught() {
        assertCaught(render("istio", "observability", "alerting"), FeatureRules::alerting,
                r -> editRules(r, s -> s.replace("alert: MeshdemoLinkerdHighErrorRatio", "alert: MeshdemoIstioHighErrorRatio")), "alert name used twice");
    }

    @Test
    void rulesMountedWherePrometheusDoesNotLookAreCaught() {
        assertCaught(render("istio", "observability", "alerting"), FeatureRules::alerting, r -> {
            for (JsonNode m : Render.podSpec(r.get("apps", "Deployment", "prometheus")).path("containers").get(0).path("volumeMounts")) {
                if (m.path("mountPath").asText().equals("/etc/prometheus-rules")) {
                    ((ObjectNode) m).put("mountPath", "/etc/rules");
                }
            }
        }, "is not loaded by Prometheus");
    }
}
