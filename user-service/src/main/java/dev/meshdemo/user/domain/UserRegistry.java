package dev.meshdemo.user.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Creates and finds users: the repository of {@link User}. */
@ApplicationScoped
public class UserRegistry implements PanacheRepositoryBase<User, String> {

    /** The user with this id (not Panache's {@code find(query, params)}: one argument is the id). */
    public Optional<UserProfile> find(String id) {
        return find("id", id).project(UserProfile.class).firstResultOptional();
    }

    /**
     * Stores a new user unless the id is taken, and says whether it did. The primary key decides, not a
     * look-up first: of two concurrent creations with one id, the second INSERT waits for the first
     * transaction and then does nothing, so a race is a clean "taken" and never a constraint-violation 500.
     * Native, though HQL says the same: Hibernate 7.2 translates an HQL write anew on every execution.
     */
    @Transactional
    public boolean register(String id, String name, String email) {
        return getEntityManager().createNativeQuery("""
                INSERT INTO users (id, name, email) VALUES (?1, ?2, ?3)
                ON CONFLICT (id) DO NOTHING""")
                .setParameter(1, id).setParameter(2, name).setParameter(3, email)
                .executeUpdate() == 1;
    }
}
