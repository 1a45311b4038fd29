package dev.meshdemo.common.identity;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The calling workload's identity as the mesh proxy in front of this process reports it, or none.
 *
 * <p>Istio's sidecar sets {@code x-forwarded-client-cert} (XFCC) on requests it received over mTLS; its
 * {@code URI=} element is the caller's SPIFFE id. Linkerd's proxy sets {@code l5d-client-id} to the caller's
 * Linkerd identity. Each proxy strips or overwrites its own header on what it receives from outside the mesh,
 * but not the other mesh's header, and without a mesh nothing does: so only the header of the mesh this
 * process runs in ({@code APP_MESH}) is read, and without one ({@code none}, the default) neither.
 */
@Schema(name = "PeerIdentity")
public record PeerIdentity(
        @Schema(nullable = true, description = "The caller's identity; null without a mesh or without mTLS") String identity,
        @Schema(nullable = true, enumeration = {"istio", "linkerd"}, description = "Which mesh reported it") String source) {

    /** {@code APP_MESH}: the mesh whose proxy sits in front of this process, and so whose header is trusted. */
    public enum Mesh { NONE, ISTIO, LINKERD }

    public static final String XFCC = "x-forwarded-client-cert";
    public static final String LINKERD_CLIENT_ID = "l5d-client-id";
    public static final PeerIdentity NONE = new PeerIdentity(null, null);

    public static PeerIdentity from(Mesh mesh, String xfcc, String linkerdClientId) {
        switch (mesh) {
            case ISTIO -> {
                String spiffe = spiffeUriOf(xfcc);
                return spiffe != null ? new PeerIdentity(spiffe, "istio") : NONE;
            }
            case LINKERD -> {
                return linkerdClientId != null && !linkerdClientId.isBlank()
                        ? new PeerIdentity(linkerdClientId.trim(), "linkerd") : NONE;
            }
            default -> {
                return NONE;
            }
        }
    }

    /**
     * The {@code URI} of the last element of an XFCC header: each proxy on the way appends one element, so the
     * last one is the hop closest to this service. Values may be quoted and contain escaped quotes.
     */
    static String spiffeUriOf(String xfcc) {
        if (xfcc == null || xfcc.isBlank()) {
            return null;
        }
        List<String> elements = splitOutsideQuotes(xfcc, ',');
        for (int i = elements.size() - 1; i >= 0; i--) {
            for (String pair : splitOutsideQuotes(elements.get(i), ';')) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("URI")) {
                    String value = unquote(pair.substring(eq + 1).trim());
                    if (value.startsWith("spiffe://")) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static List<String> splitOutsideQuotes(String value, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
    }
}
