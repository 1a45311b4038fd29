package dev.meshdemo.product.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.meshdemo.product.domain.Product;
import java.math.BigDecimal;

/**
 * A product as the API shows it. {@code badge} is set by version v2 only ({@code "SALE"}), so a client can
 * tell which version answered from the body as well as from {@code x-service-version}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductDto(long id, String name, String description, String category, BigDecimal price,
                         String currency, String badge) {

    static ProductDto of(Product p, String badge) {
        return new ProductDto(p.id(), p.name(), p.description(), p.category(), p.price(), p.currency(), badge);
    }
}
