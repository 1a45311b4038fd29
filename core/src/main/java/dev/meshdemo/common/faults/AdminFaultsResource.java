package dev.meshdemo.common.faults;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import dev.meshdemo.common.errors.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET|PUT /admin/faults}: read or change this process's fault knobs at run time. A PUT changes only
 * the fields it names; any invalid field rejects the whole request and nothing changes.
 */
@Path("/admin/faults")
@Produces(MediaType.APPLICATION_JSON)
public class AdminFaultsResource {

    /** A partial update: null means "keep the current value". */
    @Schema(name = "FaultUpdate", description = "Only the fields sent change")
    public record FaultUpdate(
            @Schema(minimum = "0", maximum = "1", description = "Share of matching requests answered 503") Double errorRate,
            @Schema(minimum = "0", maximum = "60000", description = "Delay in ms") Long delayMs,
            @Schema(minimum = "0", maximum = "1", description = "Share of matching requests delayed") Double delayRate,
            @Schema(maxLength = FaultSettings.MAX_PATHS_LENGTH,
                    description = "RE2 regular expression over the request path; empty matches nothing") String paths) {
    }

    private final FaultKnobs knobs;

    public AdminFaultsResource(FaultKnobs knobs) {
        this.knobs = knobs;
    }

    @GET
    @Operation(summary = "The current fault knobs")
    @APIResponse(responseCode = "200", description = "The knobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FaultSettings.class)))
    public FaultSettings get() {
        return knobs.current();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Changes the fields sent; an invalid field changes nothing")
    @APIResponse(responseCode = "200", description = "The knobs now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FaultSettings.class)))
    @APIResponse(responseCode = "400", description = "A field out of range, not RE2 or malformed JSON; nothing changed")
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
