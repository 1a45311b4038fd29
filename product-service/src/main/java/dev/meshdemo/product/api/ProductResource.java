package dev.meshdemo.product.api;

import dev.meshdemo.common.errors.Ids;
import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.common.identity.ServiceInfo;
import dev.meshdemo.common.validation.PositiveId;
import dev.meshdemo.product.domain.Catalog;
import dev.meshdemo.product.domain.Product;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The catalog: read-only, so every route here is safe for the mesh to retry. Answered from {@link Catalog}'s
 * in-memory snapshot on the event loop: no database round trip and no hop to a worker thread per request.
 */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    private final Catalog catalog;
    private final String badge;

    public ProductResource(Catalog catalog, ServiceInfo info) {
        this.catalog = catalog;
        // v2 is the canary: it marks every product, so routing is visible in the body too.
        this.badge = "v2".equals(info.version()) ? "SALE" : null;
    }

    @GET
    @Operation(summary = "The whole catalog, ordered by id")
    @APIResponse(responseCode = "200", description = "Every product", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProductDto.class)))
    @NonBlocking
    public List<ProductDto> list() {
        return catalog.all().stream().map(p -> ProductDto.of(p, badge)).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One product")
    @APIResponse(responseCode = "200", description = "The product", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProductDto.class)))
    @APIResponse(responseCode = "400", description = "The id is not a positive integer")
    @APIResponse(responseCode = "404", description = "No product with this id")
    @NonBlocking
    public ProductDto get(@PathParam("id") @PositiveId String id) {
        Product product = catalog.find(Ids.number(id));
        if (product == null) {
            throw ProblemException.notFound("Product", id);
        }
        return ProductDto.of(product, badge);
    }
}
