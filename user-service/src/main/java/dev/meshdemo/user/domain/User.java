package dev.meshdemo.user.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A user. The id is a short handle chosen by the client (e.g. {@code user1}), stable across the suite. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false, length = 254)
    public String email;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
