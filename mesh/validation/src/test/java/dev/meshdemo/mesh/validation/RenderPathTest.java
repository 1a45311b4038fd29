package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one render path of the cluster (`make render-dir`, mk/mesh.mk), run for real into a directory of this
 * module's target: a REGISTRY given once is recorded and kept by later renders that do not name it (a feature
 * toggle on EKS must not roll the pods back to meshdemo/&lt;service&gt;), and REGISTRY= forgets it; COMPONENTS
 * the same way (COMPONENTS= forgets it).
 */
class RenderPathTest {
    private static final String RENDER_DIR = "mesh/validation/target/render-path";
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @BeforeEach
    void clean() throws IOException {
        Path dir = Repo.root().resolve(RENDER_DIR);
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** `make -s render-dir ...` with a clean environment (no REGISTRY, no outer make's flags); returns the directory. */
    private static Path renderDir(String... args) {
        List<String> command = new ArrayList<>(List.of("make", "-s", "--no-print-directory", "render-dir", "MESH_RENDER_DIR=" + RENDER_DIR));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeAll(List.of("REGISTRY", "MESH", "COMPONENTS", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make render-dir timed out");
            assertEquals(0, p.exitValue(), "make " + String.join(" ", command) + ":\n" + out);
            String[] lines = out.split("\n");
            return Repo.root().resolve(lines[lines.length - 1].trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The images of the five services' workloads in a render. */
    private static TreeSet<String> serviceImages(Path dir) {
        TreeSet<String> images = new TreeSet<>();
        for (JsonNode o : Kustomize.parse(Kustomize.kubectl(dir))) {
            if (List.of("Deployment", "StatefulSet").contains(o.path("kind").asText()) && MeshRules.serviceOf(o).isPresent()) {
                for (JsonNode c : Render.podSpec(o).path("containers")) {
                    images.add(c.path("image").asText());
                }
            }
        }
        return images;
    }

    private static void assertAllFrom(String prefix, TreeSet<String> images) {
        assertTrue(!images.isEmpty() && images.stream().allMatch(i -> i.startsWith(prefix)), "every service image from " + prefix + ": " + images);
    }

    @Test
    void aRecordedRegistryIsKeptByLaterRendersUntilCleared() {
        // Control: without a registry the images are the locally built ones.
        assertAllFrom("meshdemo/", serviceImages(renderDir("MESH=linkerd")));
        // Deploy with the registry: it is recorded.
        assertAllFrom(REGISTRY + "/meshdemo/", serviceImages(renderDir("MESH=linkerd", "REGISTRY=" + REGISTRY)));
        // A later toggle that does not name the registry, with a component adding a product pod: still the registry.
        TreeSet<String> toggled = serviceImages(renderDir("MESH=linkerd", "COMPONENTS=linkerd-fault-abort observability"));
        assertAllFrom(REGISTRY + "/meshdemo/", toggled);
        assertTrue(toggled.contains(REGISTRY + "/meshdemo/product-service:1.0.0"), toggled.toString());
        // REGISTRY= forgets it (COMPONENTS= forgets the components the toggle recorded).
        assertAllFrom("meshdemo/", serviceImages(renderDir("MESH=linkerd", "REGISTRY=", "COMPONENTS=")));
        assertAllFrom("meshdemo/", serviceImages(renderDir("MESH=istio")));
    }

    /** The replicas of the five services' Deployments in a render. */
    private static TreeSet<Integer> serviceReplicas(Path dir) {
        TreeSet<Integer> replicas = new TreeSet<>();
        for (JsonNode o : Kustomize.parse(Kustomize.kubectl(dir))) {
            if (o.path("kind").asText().equals("Deployment") && MeshRules.serviceOf(o).isPresent()) {
                replicas.add(o.path("spec").path("replicas").asInt(1));
            }
        }
        return replicas;
    }

    /**
     * COMPONENTS given once (the 8 GiB profile, workshop-small) is recorded like REGISTRY: a later render that does
     * not name it (a step, a toggle, a reset) keeps one replica per service, and COMPONENTS= forgets it.
     */
    @Test
    void recordedComponentsAreKeptByLaterRendersUntilCleared() throws IOException {
        assertEquals(new TreeSet<>(List.of(2)), serviceReplicas(renderDir("MESH=istio")), "control: two replicas without the profile");
        assertEquals(new TreeSet<>(List.of(1)), serviceReplicas(renderDir("MESH=istio", "COMPONENTS=workshop-small")));
        Path record = Repo.root().resolve(RENDER_DIR).resolve("components");
        assertTrue(Files.readString(record).lines().anyMatch("workshop-small"::equals), "recorded in " + record);
        assertEquals(new TreeSet<>(List.of(1)), serviceReplicas(renderDir("MESH=istio")), "a later render keeps the profile");
        assertEquals(new TreeSet<>(List.of(1)), serviceReplicas(renderDir("MESH=linkerd", "REGISTRY=" + REGISTRY)), "so does another mesh");
        assertEquals(new TreeSet<>(List.of(2)), serviceReplicas(renderDir("MESH=istio", "COMPONENTS=")));
        assertTrue(!Files.exists(record), "COMPONENTS= removes the record");
        assertEquals(new TreeSet<>(List.of(2)), serviceReplicas(renderDir("MESH=istio")));
    }

    @Test
    void anUnknownComponentIsRefused() {
        List<String> command = List.of("make", "-s", "--no-print-directory", "render-dir", "MESH_RENDER_DIR=" + RENDER_DIR, "MESH=istio",
                "COMPONENTS=istio-nothing");
        ProcessBuilder pb = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeAll(List.of("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(p.exitValue() != 0 && out.contains("no component mesh/components/istio-nothing"), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
