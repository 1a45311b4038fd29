package dev.meshdemo.scenarios.harness;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Renders a mesh overlay together with feature components, the one thing the harness leaves to kubectl
 * ({@code kubectl kustomize}; the fabric8 client has no Kustomize). The kustomization is written under
 * mesh/scenarios/target, so its relative paths to mesh/ work on every OS (kustomize refuses absolute bases).
 */
public final class Kustomize {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Where make records REGISTRY as a kustomize Component (MESH_REGISTRY_COMPONENT of mk/mesh.mk). */
    static final String RECORDED_REGISTRY = "target/mesh-render/registry";
    /** Where make records COMPONENTS, the deploy's profile such as workshop-small (MESH_COMPONENTS_RECORD of mk/mesh.mk). */
    static final String RECORDED_COMPONENTS = "target/mesh-render/components";

    private Kustomize() {
    }

    /** An object of a render, as its kind (qualified by API group), namespace and name. */
    public record ObjectRef(String kind, String namespace, String name) {
        static ObjectRef of(HasMetadata o) {
            String api = o.getApiVersion() == null ? "" : o.getApiVersion();
            String group = api.contains("/") ? api.substring(0, api.indexOf('/')) : "";
            return new ObjectRef(o.getKind() + (group.isEmpty() ? "" : "." + group),
                    o.getMetadata().getNamespace() == null ? "-" : o.getMetadata().getNamespace(), o.getMetadata().getName());
        }

        @Override
        public String toString() {
            return kind + " " + namespace + "/" + name;
        }
    }

    /**
     * The workshop step renders start from (STEP=phase-3-canary: mesh/workshop/MESH/phase-3-canary) instead of
     * the full overlay, so that a feature switched on in phase 3 does not bring phase 4's policies with it.
     * Null: the overlay. Set once by Main from the environment, or by a reset for its own renders.
     */
    private static volatile String step;

    public static void useStep(String workshopStep) {
        step = workshopStep == null || workshopStep.isBlank() ? null : workshopStep.trim();
    }

    public static String step() {
        return step;
    }

    /** mesh/workshop/MESH/STEP when a step is in use, else mesh/overlays/MESH. */
    public static Path base(Path repoRoot, Mesh mesh) {
        if (step == null || !mesh.meshed()) {
            return repoRoot.resolve("mesh/overlays").resolve(mesh.id());
        }
        Path p = repoRoot.resolve("mesh/workshop").resolve(mesh.id()).resolve(step);
        if (!Files.isRegularFile(p.resolve("kustomization.yaml"))) {
            throw new Precondition("no workshop step mesh/workshop/" + mesh.id() + "/" + step + " (STEP=" + step + ")");
        }
        return p;
    }

    /**
     * The components `make deploy|step COMPONENTS=...` recorded (one name a line, # comments): every render
     * includes them, so a toggle or a reset keeps the profile the suite was deployed with (workshop-small: one
     * replica each, or an 8 GiB Docker runs out of memory at the first toggle). None when nothing is recorded.
     */
    public static List<String> recordedComponents(Path repoRoot) {
        Path file = repoRoot.resolve(RECORDED_COMPONENTS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String kustomization(Path dir, Path repoRoot, Mesh mesh, List<String> requested, String registry) {
        Set<String> all = new LinkedHashSet<>(recordedComponents(repoRoot));
        all.addAll(requested);
        List<String> components = List.copyOf(all);
        StringBuilder b = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        b.append("  - ").append(relative(dir, base(repoRoot, mesh))).append('\n');
        if (!components.isEmpty()) {
            b.append("components:\n");
            for (String c : components) {
                Path p = repoRoot.resolve("mesh/components").resolve(c);
                if (!Files.isDirectory(p)) {
                    throw new Precondition("no component mesh/components/" + c);
                }
                b.append("  - ").append(relative(dir, p)).append('\n');
            }
        }
        Path recorded = repoRoot.resolve(RECORDED_REGISTRY);
        if (Files.isRegularFile(recorded.resolve("kustomization.yaml"))) {
            // The registry `make deploy REGISTRY=...` recorded (mk/mesh.mk): every render includes it, so a
            // toggle or a reset keeps the images the suite was deployed with.
            if (components.isEmpty()) {
                b.append("components:\n");
            }
            b.append("  - ").append(relative(dir, recorded)).append('\n');
        } else if (registry != null && !registry.isEmpty()) {
            // The images `make deploy REGISTRY=...` used: a toggle must not roll pods back to local images.
            b.append("images:\n");
            for (String s : Cluster.SERVICES) {
                b.append("  - {name: meshdemo/").append(s).append(", newName: ").append(registry).append("/meshdemo/")
                        .append(s).append("}\n");
            }
        }
        return b.toString();
    }

    static String relative(Path from, Path to) {
        return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** The rendered objects of the overlay of mesh with the components. */
    public static List<HasMetadata> render(Path repoRoot, Mesh mesh, List<String> components, String registry) {
        try {
            Path work = Files.createDirectories(repoRoot.resolve("mesh/scenarios/target/render"));
            Path dir = Files.createTempDirectory(work, mesh.id() + "-");
            try {
                Files.writeString(dir.resolve("kustomization.yaml"), kustomization(dir, repoRoot, mesh, components, registry));
                return parse(kubectlKustomize(dir));
            } finally {
                Files.deleteIfExists(dir.resolve("kustomization.yaml"));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kubectlKustomize(Path dir) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new Precondition("kubectl not found on PATH (it renders the overlays: kubectl kustomize)", e);
        }
        p.getOutputStream().close();
        var stderr = new java.io.ByteArrayOutputStream();
        Thread errPump = Thread.ofVirtual().start(() -> {
            try {
                p.getErrorStream().transferTo(stderr);
            } catch (IOException ignored) {
                // the process went away
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            errPump.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new Precondition("kubectl kustomize " + dir + " failed: " + stderr.toString(StandardCharsets.UTF_8).trim());
        }
        return out;
    }

    /** Parses a multi-document render; kinds the client has no model for become generic resources. */
    public static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            Object o = SERIALIZATION.unmarshal(doc);
            if (o instanceof HasMetadata h) {
                objects.add(h);
            } else if (o instanceof List<?> list) {
                list.stream().filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).forEach(objects::add);
            }
        }
        return objects;
    }

    public static Set<ObjectRef> refs(List<HasMetadata> objects) {
        Set<ObjectRef> refs = new LinkedHashSet<>();
        objects.forEach(o -> refs.add(ObjectRef.of(o)));
        return refs;
    }

    /** The objects of with that without does not have: what switching the difference off must delete. */
    public static List<HasMetadata> onlyIn(List<HasMetadata> with, List<HasMetadata> without) {
        Set<ObjectRef> keep = refs(without);
        return with.stream().filter(o -> !keep.contains(ObjectRef.of(o))).toList();
    }
}
