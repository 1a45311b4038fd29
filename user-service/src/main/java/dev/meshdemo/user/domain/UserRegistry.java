package dev.meshdemo.user.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Creates and finds users. */
@ApplicationScoped
public class UserRegistry {

    private final EntityManager em;

    public UserRegistry(EntityManager em) {
        this.em = em;
    }

    public Optional<User> find(String id) {
        return User.findByIdOptional(id);
    }

    /**
     * Stores a new user unless the id is taken, and says whether it did. The primary key decides, not a
     * look-up first: of two concurrent creations with one id, the second INSERT waits for the first
     * transaction and then does nothing, so a race is a clean "taken" and never a constraint-violation 500.
     */
    @Transactional
    public boolean register(String id, String name, String email) {
        int inserted = em.createNativeQuery("""
                INSERT INTO users (id, name, email) VALUES (?1, ?2, ?3)
                ON CONFLICT (id) DO NOTHING""")
                .setParameter(1, id).setParameter(2, name).setParameter(3, email)
                .executeUpdate();
        return inserted == 1;
    }
}
