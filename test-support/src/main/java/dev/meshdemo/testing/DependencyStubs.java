package dev.meshdemo.testing;

import dev.meshdemo.testing.StubServer.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The dependencies of the service under test, each played by its own {@link StubServer}: a test resource that
 * starts one stub per dependency, points {@code quarkus.rest-client.<dependency>.url} at it, injects it into the
 * test's {@link InjectStub} fields and stops it with Quarkus. A service's tests declare it per class (through the
 * service's test-resource meta-annotation), never globally.
 *
 * <p>The stubs keep to {@link ProviderContracts}: a request the consumer may not send, or a default answer
 * with a field or type the provider is not shown to answer, is answered 599 with the reason, so the test
 * that relied on it fails.
 */
public abstract class DependencyStubs implements QuarkusTestResourceLifecycleManager {

    private final String consumer;
    private final Map<String, StubServer> stubs = new LinkedHashMap<>();

    /** @param consumer the service under test, as in mesh/call-graph.yaml */
    protected DependencyStubs(String consumer) {
        this.consumer = consumer;
    }

    /** Dependency name -> what its stub answers to {@code "METHOD path"} when a test programmed nothing. */
    protected abstract Map<String, Function<String, Reply>> dependencies();

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>();
        dependencies().forEach((dependency, defaults) -> {
            StubServer stub = new StubServer(key -> keptToTheContract(dependency, key, defaults.apply(key)),
                    key -> ProviderContracts.checkRequest(consumer, dependency, key));
            stubs.put(dependency, stub);
            config.put("quarkus.rest-client." + dependency + ".url", stub.url(ServiceHost.name()));
        });
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        stubs.forEach((dependency, stub) -> testInjector.injectIntoFields(stub, field ->
                field.getType() == StubServer.class && field.isAnnotationPresent(InjectStub.class)
                        && field.getAnnotation(InjectStub.class).value().equals(dependency)));
    }

    @Override
    public synchronized void stop() {
        stubs.values().forEach(StubServer::stop);
        stubs.clear();
    }

    private Reply keptToTheContract(String provider, String key, Reply reply) {
        if (reply == null) {
            return null;
        }
        String violation;
        try {
            violation = ProviderContracts.checkStubAnswer(consumer, provider, key, reply.status(), reply.body());
        } catch (RuntimeException e) {
            violation = "the stub of " + provider + " answers " + key + " with a body that is not JSON";
        }
        return violation == null ? reply : new Reply(599, "{\"title\":\"not in the contract\",\"status\":599,"
                + "\"detail\":\"" + violation.replace("\"", "'") + "\"}", 0);
    }

    /** A problem+json answer as the providers send it (404 for an unknown id, for example). */
    public static Reply problem(int status, String title, String detail) {
        String type = status == 404 ? "not-found" : "stub";
        return new Reply(status, "{\"type\":\"https://meshdemo.dev/problems/" + type + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\"}", 0);
    }
}
