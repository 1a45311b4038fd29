import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Test tokens for the istio-end-user-auth component, with no internet and nothing but a JDK (>= 21):
 *
 * <pre>
 *   java MintJwt.java [--sub alice] [--ttl 3600] [--aud meshdemo] [--key test-issuer-key.pem]   # an RS256 JWT
 *   java MintJwt.java --jwks [--key test-issuer-key.pem]                                        # the public JWKS
 * </pre>
 *
 * The key is a throw-away RSA key committed for the workshop: anyone can mint tokens with it, so it must
 * never guard anything real. `make jwt SUB=alice` and `make jwks` run this file.
 */
public final class MintJwt {
    static final String ISSUER = "https://issuer.meshdemo.test";

    public static void main(String[] args) throws Exception {
        String sub = "alice";
        String aud = "meshdemo";
        long ttl = 3600;
        boolean jwks = false;
        Path key = defaultKey();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--sub" -> { sub = required(args[i], value); i++; }
                case "--aud" -> { aud = required(args[i], value); i++; }
                case "--ttl" -> { ttl = Long.parseLong(required(args[i], value)); i++; }
                case "--key" -> { key = Path.of(required(args[i], value)); i++; }
                case "--jwks" -> jwks = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --sub NAME --aud AUDIENCE --ttl SECONDS --key PEM, or --jwks)");
            }
        }
        if (ttl < 1 || ttl > 86_400) {
            throw new IllegalArgumentException("--ttl must be 1..86400 seconds");
        }
        RSAPrivateCrtKey privateKey = readKey(key);
        String kid = keyId(privateKey);
        if (jwks) {
            System.out.println("{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"" + kid
                    + "\",\"n\":\"" + b64(unsigned(privateKey.getModulus().toByteArray()))
                    + "\",\"e\":\"" + b64(unsigned(privateKey.getPublicExponent().toByteArray())) + "\"}]}");
            return;
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + json(sub) + "\",\"aud\":\"" + json(aud)
                + "\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + ttl) + "}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(privateKey);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64(rs256.sign()));
    }

    /** The committed test key, named from the repository root (where make runs); -Dmeshdemo.jwt.key overrides it. */
    private static Path defaultKey() {
        String configured = System.getProperty("meshdemo.jwt.key");
        return Path.of(configured != null ? configured : "mesh/components/istio-end-user-auth/jwt/test-issuer-key.pem");
    }

    private static String required(String flag, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    static RSAPrivateCrtKey readKey(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(pem + " is not a PKCS#8 PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** A stable key id: the first 8 bytes of SHA-256 over the modulus, hex. */
    static String keyId(RSAPrivateCrtKey key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(unsigned(key.getModulus().toByteArray()));
        return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement.length > 1 && twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Subjects and audiences are plain names; refuse what would need JSON escaping rather than escape it. */
    private static String json(String s) {
        if (!s.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("'" + s + "': use 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        return s;
    }
}
