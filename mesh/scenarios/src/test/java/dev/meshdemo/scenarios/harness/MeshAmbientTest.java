package dev.meshdemo.scenarios.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the harness knows MESH=istio-ambient: its name, identities, components and what marks its pods as meshed. */
class MeshAmbientTest {

    @Test
    void theMakeNameParsesAndPrintsBack() {
        assertEquals(Mesh.ISTIO_AMBIENT, Mesh.parse("istio-ambient"));
        assertEquals("istio-ambient", Mesh.ISTIO_AMBIENT.id());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mesh.parse("ambient")).getMessage().contains("istio-ambient"));
        assertTrue(Mesh.ISTIO_AMBIENT.meshed() && Mesh.ISTIO_AMBIENT.isIstio() && Mesh.ISTIO.isIstio() && !Mesh.LINKERD.isIstio());
    }

    @Test
    void noSidecarContainerButZtunnelRedirection() {
        assertNull(Mesh.ISTIO_AMBIENT.proxyContainer(), "ambient injects no container");
        assertTrue(Mesh.ISTIO_AMBIENT.enrollment().contains(Mesh.AMBIENT_REDIRECTION));
        assertEquals("the istio-proxy container", Mesh.ISTIO.enrollment());
    }

    @Test
    void whoamiReportsTheCallersSpiffeIdAsIstio() {
        // The overlay's waypoint writes x-forwarded-client-cert, which the apps read with APP_MESH=istio.
        assertEquals(Mesh.ISTIO.identityOf("cart-service", "meshdemo"), Mesh.ISTIO_AMBIENT.identityOf("cart-service", "meshdemo"));
        assertEquals("istio", Mesh.ISTIO_AMBIENT.identitySource());
        assertEquals("linkerd", Mesh.LINKERD.identitySource());
    }

    @Test
    void componentsAreAmbientsOwnWhereTheSidecarFormCannotServeAndIstiosElse() {
        assertEquals("istio-ambient-rate-limit", Mesh.ISTIO_AMBIENT.component("rate-limit"));
        assertEquals("istio-ambient-end-user-auth", Mesh.ISTIO_AMBIENT.component("end-user-auth"));
        assertEquals("istio-fault-delay", Mesh.ISTIO_AMBIENT.component("fault-delay"));
        assertEquals("istio-rate-limit", Mesh.ISTIO.component("rate-limit"));
        for (String feature : List.of("fault-delay", "fault-abort", "timeout", "no-retries", "circuit-breaker", "rate-limit", "end-user-auth")) {
            String c = Mesh.ISTIO_AMBIENT.component(feature);
            assertTrue(Files.isDirectory(Settings.repoRoot("").resolve("mesh/components").resolve(c)), c + " exists");
        }
    }
}
