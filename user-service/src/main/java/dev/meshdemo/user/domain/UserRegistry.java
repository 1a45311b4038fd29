package dev.meshdemo.user.domain;

import dev.meshdemo.common.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Creates and finds users (table {@code users}, db/migration). */
@ApplicationScoped
public class UserRegistry {

    private static final Sql.Row<User> USER =
            row -> new User(row.getString("id"), row.getString("name"), row.getString("email"));

    private final Sql sql;

    public UserRegistry(Sql sql) {
        this.sql = sql;
    }

    public Optional<User> find(String id) {
        return sql.first("SELECT id, name, email FROM users WHERE id = ?", USER, id);
    }

    /**
     * Stores a new user unless the id is taken, and says whether it did. The primary key decides, not a
     * look-up first: of two concurrent creations with one id, the second INSERT waits for the first
     * transaction and then does nothing, so a race is a clean "taken" and never a constraint-violation 500.
     */
    @Transactional
    public boolean register(String id, String name, String email) {
        return sql.update("""
                INSERT INTO users (id, name, email) VALUES (?, ?, ?)
                ON CONFLICT (id) DO NOTHING""", id, name, email) == 1;
    }
}
