package dev.meshdemo.cart.domain;

import java.math.BigDecimal;

/**
 * One line of a user's cart. Name, unit price and currency are copied from product-service when the product is
 * added (and refreshed whenever it is added again), so reading a cart never calls another service.
 */
public record CartItem(long id, long productId, String name, BigDecimal unitPrice, String currency, int quantity) {

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
