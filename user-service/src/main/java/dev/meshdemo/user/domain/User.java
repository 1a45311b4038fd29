package dev.meshdemo.user.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user (table {@code users}, db/migration). The id is a short handle chosen by the client (e.g.
 * {@code user1}), stable across the suite. Written by {@link UserRegistry}; read as {@link UserProfile}.
 */
@Entity
@Table(name = "users")
public class User {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String email;
}
