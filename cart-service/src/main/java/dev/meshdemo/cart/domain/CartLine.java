package dev.meshdemo.cart.domain;

import java.math.BigDecimal;

/** A line of a cart as read: a projection of {@link CartItem} (the names are its fields), nothing managed. */
public record CartLine(long id, long productId, String name, BigDecimal unitPrice, String currency, int quantity) {

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
