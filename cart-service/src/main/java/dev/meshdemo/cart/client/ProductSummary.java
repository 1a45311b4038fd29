package dev.meshdemo.cart.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/** The part of a product-service product that a cart keeps; other fields (description, badge...) are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductSummary(long id, String name, BigDecimal price, String currency) {
}
