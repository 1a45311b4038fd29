package dev.meshdemo.cart.api;

import dev.meshdemo.cart.client.ProductClient;
import dev.meshdemo.cart.client.ProductSummary;
import dev.meshdemo.cart.domain.Carts;
import dev.meshdemo.common.client.Downstream;
import dev.meshdemo.common.errors.Ids;
import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.common.validation.Handle;
import dev.meshdemo.common.validation.PositiveId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * One cart per user id (a handle such as {@code user1}; users are not checked here, a cart is just keyed by
 * the handle). Reading never calls product-service; adding does, to copy the product's name and price.
 */
@Path("/cart/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public class CartResource {

    static final String PRODUCT_SERVICE = "product-service";

    private final Carts carts;
    private final ProductClient products;

    public CartResource(Carts carts, @RestClient ProductClient products) {
        this.carts = carts;
        this.products = products;
    }

    @GET
    @Operation(summary = "The user's cart; a user without one has an empty cart")
    @APIResponse(responseCode = "200", description = "The cart", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CartDto.class)))
    @APIResponse(responseCode = "400", description = "The user id is not a handle")
    public CartDto get(@PathParam("userId") @Handle String userId) {
        return CartDto.of(userId, carts.lines(userId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Adds a product (more of it if it is already in the cart); answers the whole cart")
    @APIResponse(responseCode = "201", description = "A new line was added", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CartDto.class)))
    @APIResponse(responseCode = "200", description = "The product was already in the cart: its quantity grew",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CartDto.class)))
    @APIResponse(responseCode = "400", description = "Invalid user id or body (quantity must be 1..99)")
    @APIResponse(responseCode = "404", description = "product-service does not know the product")
    @APIResponse(responseCode = "409", description = "The line would exceed 99 pieces; nothing changed")
    @APIResponse(responseCode = "503", description = "product-service is unavailable or too slow")
    @APIResponse(responseCode = "502", description = "product-service refused our request as malformed (a bug between the services)")
    public Response add(@PathParam("userId") @Handle String userId, @Valid @NotNull AddItemRequest body) {
        // Outside any transaction: no database connection is held while product-service answers.
        ProductSummary product = Downstream.call(PRODUCT_SERVICE, () -> products.get(body.productId()));
        boolean newLine = carts.add(userId, product, body.quantity());
        return Response.status(newLine ? Response.Status.CREATED : Response.Status.OK)
                .entity(CartDto.of(userId, carts.lines(userId))).build();
    }

    @DELETE
    @Path("{itemId}")
    @Operation(summary = "Removes one line of the cart")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "Malformed user or item id")
    @APIResponse(responseCode = "404", description = "The cart has no line with this id")
    public Response remove(@PathParam("userId") @Handle String userId, @PathParam("itemId") @PositiveId String itemId) {
        if (!carts.remove(userId, Ids.number(itemId))) {
            throw ProblemException.notFound("Cart item", itemId);
        }
        return Response.noContent().build();
    }

    @DELETE
    @Operation(summary = "Empties the cart (idempotent: an empty or unknown cart is fine); order-service calls it")
    @APIResponse(responseCode = "204", description = "The cart is empty")
    @APIResponse(responseCode = "400", description = "The user id is not a handle")
    public Response clear(@PathParam("userId") @Handle String userId) {
        carts.clear(userId);
        return Response.noContent().build();
    }
}
