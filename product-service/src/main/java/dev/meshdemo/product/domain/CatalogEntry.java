package dev.meshdemo.product.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/**
 * A row of the catalog (table {@code product}, seeded by Flyway; the API never writes it). Read only through
 * {@link Catalog}, as {@link Product} projections.
 */
@Entity
@Table(name = "product")
public class CatalogEntry {

    @Id
    public Long id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public String category;

    @Column(nullable = false, precision = 10, scale = 2)
    public BigDecimal price;

    @Column(nullable = false, length = 3)
    public String currency;
}
