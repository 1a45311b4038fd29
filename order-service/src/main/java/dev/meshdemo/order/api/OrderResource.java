package dev.meshdemo.order.api;

import dev.meshdemo.common.errors.Ids;
import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.common.idempotency.Idempotency;
import dev.meshdemo.order.domain.CustomerOrder;
import dev.meshdemo.order.domain.OrderPlacement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Orders. {@code POST /orders} is not idempotent by nature, so nobody retries it (not the mesh, not another
 * service); a client that did not get an answer repeats it with the same {@code Idempotency-Key} instead.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String PLACE_SCOPE = "place-order";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final Idempotency idempotency;
    private final OrderPlacement placement;
    private final SameKeyInFlight sameKey;

    public OrderResource(Idempotency idempotency, OrderPlacement placement, SameKeyInFlight sameKey) {
        this.idempotency = idempotency;
        this.placement = placement;
        this.sameKey = sameKey;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Orders the user's cart at current prices and empties the cart, once per Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Placed (a replay has Idempotent-Replayed: true)")
    @APIResponse(responseCode = "400", description = "Missing or malformed Idempotency-Key, or a bad body")
    @APIResponse(responseCode = "404", description = "user-service does not know the user")
    @APIResponse(responseCode = "409", description = "Empty cart, a product no longer sold, or an earlier order's cart not emptied yet")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for another request")
    @APIResponse(responseCode = "503", description = "A dependency could not answer; nothing was stored, retry with the same key")
    public Response place(@HeaderParam(Idempotency.KEY_HEADER) String idempotencyKey,
                          @Valid @NotNull OrderRequest body) {
        Idempotency.requireKey(idempotencyKey);
        String userId = Ids.handle(body.userId(), "userId");
        return sameKey.oneAtATime(idempotencyKey, () -> {
            // The reads first, before the key's transaction: no connection or lock is held while user-, cart-
            // and product-service answer. A key with a stored answer is replayed without reading anything.
            OrderPlacement.Reads reads = placement.answered(PLACE_SCOPE, idempotencyKey) ? null : placement.read(userId);
            return idempotency.execute(PLACE_SCOPE, idempotencyKey, body, () -> {
                CustomerOrder order = placement.place(userId, reads);
                return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(OrderDto.of(order)).build();
            }).response();
        });
    }

    @GET
    @Path("{userId}")
    @Operation(summary = "The user's orders, newest first, with their lines (limit 1..100, default 20)")
    @APIResponse(responseCode = "400", description = "Malformed user id or limit")
    public List<OrderDto> list(@PathParam("userId") String rawUserId, @QueryParam("limit") String rawLimit) {
        String userId = Ids.handle(rawUserId, "userId");
        int limit = DEFAULT_LIMIT;
        if (rawLimit != null) {
            long parsed = Ids.positiveLong(rawLimit, "limit");
            if (parsed > MAX_LIMIT) {
                throw ProblemException.badRequest("limit must be at most " + MAX_LIMIT + ", got " + parsed);
            }
            limit = (int) parsed;
        }
        return CustomerOrder.newestOf(userId, limit).stream().map(OrderDto::of).toList();
    }
}
