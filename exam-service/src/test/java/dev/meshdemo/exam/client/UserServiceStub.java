package dev.meshdemo.exam.client;

import dev.meshdemo.testing.DependencyStubs;
import dev.meshdemo.testing.StubServer;
import dev.meshdemo.testing.StubServer.Reply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * user-service for exam-service's tests (inject it with {@code @InjectStub(UserClient.DEPENDENCY)}). How it
 * answers {@code GET /users/{id}} depends on the id, so each test picks its behaviour (and gets its own call
 * count) by naming a fresh user:
 * <ul>
 *   <li>{@code missing...} 404 problem; {@code reject...} 400 problem;</li>
 *   <li>{@code down...} 503 every time; {@code flakyN...} 503 for the first N calls, then 200;</li>
 *   <li>{@code slow...} 200 after 3 s (longer than the client's 1 s timeout);</li>
 *   <li>anything else 200 with the user.</li>
 * </ul>
 */
public class UserServiceStub extends DependencyStubs {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public UserServiceStub() {
        super("exam-service");
    }

    @Override
    protected Map<String, Function<String, Reply>> dependencies() {
        return Map.of(UserClient.DEPENDENCY, this::answer);
    }

    private Reply answer(String key) {
        if (!key.startsWith("GET /users/")) {
            return null;
        }
        String id = key.substring("GET /users/".length());
        int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if (id.startsWith("missing")) {
            return problem(404, "Not found", "User '" + id + "' does not exist");
        } else if (id.startsWith("reject")) {
            return problem(400, "Stub", "rejected by the stub");
        } else if (id.startsWith("down")) {
            return problem(503, "Stub", "the stub is down");
        } else if (id.startsWith("flaky") && call <= Character.getNumericValue(id.charAt("flaky".length()))) {
            return problem(503, "Stub", "the stub fails call " + call);
        }
        Reply user = StubServer.Reply.json(
                "{\"id\":\"" + id + "\",\"name\":\"Stub User\",\"email\":\"" + id + "@example.com\"}");
        return id.startsWith("slow") ? user.delayed(3000) : user;
    }
}
