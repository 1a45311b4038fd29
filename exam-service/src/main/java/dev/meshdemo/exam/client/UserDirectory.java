package dev.meshdemo.exam.client;

import dev.meshdemo.common.client.Downstream;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Looks users up in user-service; the call's resilience policy is the one named user-service ({@link Dependencies}). */
@ApplicationScoped
public class UserDirectory {

    private final UserClient client;

    public UserDirectory(@RestClient UserClient client) {
        this.client = client;
    }

    /**
     * The user, or a {@code ProblemException}: 404 when user-service does not know the id, 503 when it cannot
     * answer (timeout, open circuit, 5xx, unreachable).
     */
    public KnownUser require(String userId) {
        return Downstream.call(UserClient.DEPENDENCY, () -> client.get(userId));
    }
}
