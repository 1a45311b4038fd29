package dev.meshdemo.product.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.List;

/** A catalog entry. Ids are stable (1..N, seeded by Flyway) so that scenarios and load tests can name them. */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {

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

    public static List<Product> catalog() {
        return listAll(io.quarkus.panache.common.Sort.by("id"));
    }
}
