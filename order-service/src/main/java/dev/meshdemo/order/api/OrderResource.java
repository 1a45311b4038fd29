package dev.meshdemo.order.api;

import dev.meshdemo.common.idempotency.Idempotency;
import dev.meshdemo.common.validation.Handle;
import dev.meshdemo.order.domain.CustomerOrder;
import dev.meshdemo.order.domain.OrderPlacement;
import dev.meshdemo.order.domain.Orders;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    private final Orders orders;

    public OrderResource(Idempotency idempotency, OrderPlacement placement, SameKeyInFlight sameKey, Orders orders) {
        this.idempotency = idempotency;
        this.placement = placement;
        this.sameKey = sameKey;
        this.orders = orders;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Orders the user's cart at current prices and empties the cart, once per Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Placed (a replay has Idempotent-Replayed: true)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderDto.class)))
    @APIResponse(responseCode = "400", description = "Missing or malformed Idempotency-Key, or a bad body")
    @APIResponse(responseCode = "404", description = "user-service does not know the user")
    @APIResponse(responseCode = "409", description = "Empty cart, a product no longer sold, or an earlier order's cart not emptied yet")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for another request")
    @APIResponse(responseCode = "503", description = "A dependency could not answer; nothing was stored, retry with the same key")
    @APIResponse(responseCode = "502", description = "A dependency refused our request as malformed (a bug between the services)")
    public Response place(@HeaderParam(Idempotency.KEY_HEADER) @Parameter(in = ParameterIn.HEADER, required = true,
                                  description = "Any 1 to 200 visible ASCII characters, e.g. a UUID",
                                  schema = @Schema(type = SchemaType.STRING, pattern = Idempotency.KEY_PATTERN))
                          String idempotencyKey,
                          @Valid @NotNull OrderRequest body) {
        Idempotency.requireKey(idempotencyKey);
        String userId = body.userId();
        return sameKey.oneAtATime(idempotencyKey, () -> {
            // The reads first, before the key's transaction: no connection or lock is held while user-, cart-
            // and product-service answer. A key with a stored answer is replayed without reading anything.
            OrderPlacement.Reads reads = idempotency.answered(PLACE_SCOPE, idempotencyKey) ? null : placement.read(userId);
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
    @APIResponse(responseCode = "200", description = "The orders", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = OrderDto.class)))
    @APIResponse(responseCode = "400", description = "Malformed user id or limit (given twice, empty, not 1..100)")
    public List<OrderDto> list(@PathParam("userId") @Handle String userId,
                               @QueryParam("limit") @Parameter(description = "How many orders, 1 to 100 (default 20)",
                                       schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100",
                                               defaultValue = "20"))
                               @Pattern(regexp = "^[1-9][0-9]{0,2}$", message = "must be a number from 1 to " + MAX_LIMIT)
                               @Max(value = MAX_LIMIT, message = "must be a number from 1 to " + MAX_LIMIT) String limit) {
        int count = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        return orders.newestOf(userId, count).stream().map(OrderDto::of).toList();
    }
}
