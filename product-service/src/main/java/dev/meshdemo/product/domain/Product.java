package dev.meshdemo.product.domain;

import java.math.BigDecimal;

/** A catalog entry. Ids are stable (1..N, seeded by Flyway) so that scenarios and load tests can name them. */
public record Product(long id, String name, String description, String category, BigDecimal price, String currency) {
}
