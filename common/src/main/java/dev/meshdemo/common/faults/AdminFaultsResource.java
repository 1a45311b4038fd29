package dev.meshdemo.common.faults;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import dev.meshdemo.common.errors.ProblemException;

/**
 * {@code GET|PUT /admin/faults}: read or change this process's fault knobs at run time. A PUT changes only
 * the fields it names; any invalid field rejects the whole request and nothing changes.
 */
@Path("/admin/faults")
@Produces(MediaType.APPLICATION_JSON)
public class AdminFaultsResource {

    /** A partial update: null means "keep the current value". */
    public record FaultUpdate(Double errorRate, Long delayMs, Double delayRate, String paths) {
    }

    private final FaultKnobs knobs;

    public AdminFaultsResource(FaultKnobs knobs) {
        this.knobs = knobs;
    }

    @GET
    public FaultSettings get() {
        return knobs.current();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public synchronized FaultSettings put(FaultUpdate update) { // read-modify-write of partial updates
        if (update == null) {
            throw ProblemException.badRequest("Send a JSON object with errorRate, delayMs, delayRate and/or paths");
        }
        FaultSettings now = knobs.current();
        FaultSettings next = FaultSettings.of(
                update.errorRate() != null ? update.errorRate() : now.errorRate(),
                update.delayMs() != null ? update.delayMs() : now.delayMs(),
                update.delayRate() != null ? update.delayRate() : now.delayRate(),
                update.paths() != null ? update.paths() : now.paths());
        knobs.update(next);
        return next;
    }
}
