package dev.meshdemo.scenarios.harness;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `make feature-off` of a component the deploy recorded (COMPONENTS=workshop-small) is refused before the cluster is touched. */
class FeaturesTest {

    @Test
    void aRecordedComponentIsNotSwitchedOff(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("target/mesh-render"));
        Files.writeString(root.resolve(Kustomize.RECORDED_COMPONENTS), "# recorded\nworkshop-small\n");
        Settings settings = new Settings(Settings.Target.CLUSTER, Mesh.ISTIO, "meshdemo", "http://localhost:8080", "127.0.0.1",
                root, root.resolve("results"), "curlimages/curl:8.11.1", "meshdemo-scenario-outside", "");
        try (Cleanup cleanup = new Cleanup((d, e) -> { })) {
            // No cluster: a refusal must come before any call to it (a null Cluster would throw NullPointerException).
            Features features = new Features(null, settings, cleanup);
            Precondition refused = assertThrows(Precondition.class, () -> features.off("workshop-small"));
            assertTrue(refused.getMessage().contains("came with the deploy (COMPONENTS=workshop-small")
                    && refused.getMessage().contains("make deploy MESH=istio COMPONENTS="), refused.getMessage());
            // Control: a component that is not recorded goes on to the cluster (here: the missing one).
            assertThrows(NullPointerException.class, () -> features.off("observability"));
        }
    }
}
