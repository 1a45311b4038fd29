package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders overlays (and overlay + component) with {@code kubectl kustomize}, the same way users apply them. */
public final class Kustomize {
    public static final List<String> OVERLAYS = List.of("plain", "istio", Ambient.MESH, "linkerd");
    /**
     * Sidecar components that serve istio-ambient unchanged, applied there by the waypoint: VirtualService and
     * DestinationRule changes of product-service (the waypoint applies both), the namespace-wide Telemetry (the
     * entry's and the waypoint's Envoys). The others need a waypoint-targeted form (istio-ambient-*).
     */
    public static final List<String> ISTIO_COMPONENTS_FOR_AMBIENT = List.of("istio-circuit-breaker", "istio-connection-pool",
            "istio-fault-abort", "istio-fault-delay", "istio-mirroring", "istio-no-retries", "istio-timeout", "istio-tracing");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Render> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** Components that fit an overlay: istio-* with istio, istio-ambient-* and some istio-* with istio-ambient, linkerd-* with linkerd, the rest with all. */
    public static List<String> componentsFor(String overlay) {
        List<String> fitting = new ArrayList<>();
        try (var dirs = Files.list(Repo.mesh().resolve("components"))) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().forEach(c -> {
                boolean meshSpecific = c.startsWith("istio-") || c.startsWith("linkerd-");
                boolean ambient = c.startsWith(Ambient.MESH + "-");
                if (!meshSpecific || (ambient ? overlay.equals(Ambient.MESH) : c.startsWith(overlay + "-"))
                        || overlay.equals(Ambient.MESH) && ISTIO_COMPONENTS_FOR_AMBIENT.contains(c)) {
                    fitting.add(c);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fitting;
    }

    public static Render overlay(String overlay) {
        return CACHE.computeIfAbsent(overlay, k -> new Render(overlay, overlay, parse(kubectl(Repo.mesh().resolve("overlays/" + overlay)))))
                .copy();
    }

    /** Overlay + component through a temporary kustomization, as the scenarios switch features on. */
    public static Render withComponent(String overlay, String component) {
        String label = overlay + "+" + component;
        return CACHE.computeIfAbsent(label, k -> {
            Path dir = Repo.mesh().resolve("validation/target/render/" + overlay + "+" + component);
            try {
                Files.createDirectories(dir);
                // kustomize refuses absolute paths to kustomization directories: use relative ones.
                String kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources:\n  - " + dir.relativize(Repo.mesh().resolve("overlays/" + overlay)) + "\n"
                        + "components:\n  - " + dir.relativize(Repo.mesh().resolve("components/" + component)) + "\n";
                Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Render(label, overlay, parse(kubectl(dir)));
        }).copy();
    }

    public static String kubectl(Path dir) {
        ProcessBuilder pb = new ProcessBuilder("kubectl", "kustomize", dir.toString());
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            pb.redirectError(err.toFile());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("kubectl not found: install kubectl >= 1.31 (it carries kustomize) to render mesh/", e);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " timed out");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + Repo.root().relativize(dir) + " failed:\n" + stderr);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n instanceof ObjectNode o && !o.isEmpty()) {
                    objects.add(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }
}
