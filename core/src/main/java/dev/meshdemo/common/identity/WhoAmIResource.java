package dev.meshdemo.common.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /whoami}: which service, version and pod answered, and who called it according to the mesh. */
@Path("/whoami")
public class WhoAmIResource {

    @Schema(name = "WhoAmI")
    public record WhoAmI(@Schema(required = true) String service, @Schema(required = true) String version,
                         @Schema(required = true) String pod, @Schema(required = true) String namespace,
                         @Schema(required = true) PeerIdentity peer) {
    }

    private final ServiceInfo info;
    private final PeerIdentity.Mesh mesh;

    public WhoAmIResource(ServiceInfo info, @ConfigProperty(name = "meshdemo.mesh") PeerIdentity.Mesh mesh) {
        this.info = info;
        this.mesh = mesh;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which service, version and pod answered; the caller's identity as the mesh (APP_MESH) reports it")
    public WhoAmI whoami(@HeaderParam(PeerIdentity.XFCC) String xfcc,
                         @HeaderParam(PeerIdentity.LINKERD_CLIENT_ID) String linkerdClientId) {
        return new WhoAmI(info.name(), info.version(), info.pod(), info.namespace(),
                PeerIdentity.from(mesh, xfcc, linkerdClientId));
    }
}
