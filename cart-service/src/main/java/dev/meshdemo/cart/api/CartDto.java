package dev.meshdemo.cart.api;

import dev.meshdemo.cart.domain.CartLine;
import java.math.BigDecimal;
import java.util.List;

/**
 * A cart as the API shows it: its lines, the number of pieces and the total. The catalog has one currency,
 * so the cart's is that of its lines (EUR for an empty cart).
 */
public record CartDto(String userId, List<Item> items, int itemCount, BigDecimal total, String currency) {

    static final String DEFAULT_CURRENCY = "EUR";

    public record Item(long id, long productId, String name, BigDecimal unitPrice, int quantity,
                       BigDecimal lineTotal) {
    }

    static CartDto of(String userId, List<CartLine> lines) {
        List<Item> items = lines.stream().map(l -> new Item(l.id(), l.productId(), l.name(), l.unitPrice(),
                l.quantity(), l.lineTotal())).toList();
        BigDecimal total = lines.stream().map(CartLine::lineTotal).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        int pieces = lines.stream().mapToInt(CartLine::quantity).sum();
        String currency = lines.isEmpty() ? DEFAULT_CURRENCY : lines.get(0).currency();
        return new CartDto(userId, items, pieces, total, currency);
    }
}
