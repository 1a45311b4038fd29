package dev.meshdemo.order.domain;

import java.math.BigDecimal;

/** One product of an order, at the price product-service gave when the order was placed. */
public record OrderLine(long productId, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {
}
