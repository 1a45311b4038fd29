package dev.meshdemo.common.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /whoami}: which service, version and pod answered, and who called it according to the mesh. */
@Path("/whoami")
public class WhoAmIResource {

    public record WhoAmI(String service, String version, String pod, String namespace, PeerIdentity peer) {
    }

    private final ServiceInfo info;

    public WhoAmIResource(ServiceInfo info) {
        this.info = info;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WhoAmI whoami(@HeaderParam(PeerIdentity.XFCC) String xfcc,
                         @HeaderParam(PeerIdentity.LINKERD_CLIENT_ID) String linkerdClientId) {
        return new WhoAmI(info.name(), info.version(), info.pod(), info.namespace(),
                PeerIdentity.from(xfcc, linkerdClientId));
    }
}
