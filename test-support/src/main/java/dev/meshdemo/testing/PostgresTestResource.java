package dev.meshdemo.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL database: embedded (started once per JVM) unless
 * {@code TEST_DB_URL} names an external server's admin URL. The service reaches it through a {@link TcpProxy}
 * so that a test can take the database away ({@link #database()}{@code .disconnect()}) and bring it back.
 *
 * <p>Use: {@code @WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name =
 * "service", value = "product-service"))}, declared per test class (each service bundles it with its stubs in
 * a meta-annotation such as {@code @CartTestResources}). The database is created empty for every test run.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer server;
    private static TcpProxy proxy;
    private String service;

    /** The proxy in front of the test database, to simulate an outage. */
    public static TcpProxy database() {
        return proxy;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", "test");
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (server == null) {
                server = PostgresServer.start(System.getenv("TEST_DB_URL"), 0);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting anyway
                    }
                }));
            }
            ServiceDatabase db = ServiceDatabase.of(service);
            String testDatabase = db.database() + "_test";
            server.createDatabase(testDatabase, db.role(), db.password(), true);
            if (proxy != null) {
                proxy.close();
            }
            proxy = new TcpProxy(server.host(), server.port());
            return Map.of(
                    "quarkus.datasource.jdbc.url", PostgresServer.jdbcUrl(ServiceHost.name(), proxy.port(), testDatabase),
                    "quarkus.datasource.username", db.role(),
                    "quarkus.datasource.password", db.password());
        } catch (Exception e) {
            throw new IllegalStateException("cannot provide a test database for " + service, e);
        }
    }

    @Override
    public synchronized void stop() {
        try {
            if (proxy != null) {
                proxy.close();
                proxy = null;
            }
        } catch (Exception ignored) {
            // best effort: the embedded server goes with the JVM
        }
    }
}
