package dev.meshdemo.scenarios.harness;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-cluster scenarios hold one client per kube context: a named context is the one the client talks to,
 * null keeps kubectl's current context, and a name the kubeconfig lacks is refused. Reads a kubeconfig only; no API server is contacted.
 */
class ClusterContextTest {
    static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: east
            clusters:
              - name: east
                cluster: {server: "https://127.0.0.1:16443"}
              - name: west
                cluster: {server: "https://127.0.0.1:26443"}
            contexts:
              - name: east
                context: {cluster: east, user: u}
              - name: west
                context: {cluster: west, user: u}
            users:
              - name: u
                user: {token: not-a-real-token}
            """;

    @Test
    void aNamedContextIsTheClusterTalkedTo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);
        String was = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", file.toString());
        try (KubernetesClient west = Cluster.newClient("west"); KubernetesClient current = Cluster.newClient(null)) {
            assertEquals("https://127.0.0.1:26443/", west.getConfiguration().getMasterUrl());
            assertEquals("https://127.0.0.1:16443/", current.getConfiguration().getMasterUrl());
            // fabric8 alone would fall back to the current context (east) for a name the kubeconfig lacks.
            Precondition p = assertThrows(Precondition.class, () -> Cluster.newClient("nope"));
            assertTrue(p.getMessage().contains("no context 'nope'"), p.getMessage());
        } finally {
            if (was == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", was);
            }
        }
    }
}
