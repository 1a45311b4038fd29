package dev.meshdemo.testing;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * `make run`'s database: starts the embedded PostgreSQL on {@code --port} (or provisions the external server
 * named by {@code DB_URL}), creates one database and role per service, prints {@code READY host:port} and
 * keeps running until it is stopped (SIGINT/SIGTERM), when the embedded server is shut down with it.
 *
 * <p>Usage: {@code java -cp ... dev.meshdemo.testing.LocalPostgres [--port 15432] service...}
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        int port = 15432;
        List<String> services = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[++i]);
            } else {
                services.add(args[i]);
            }
        }
        PostgresServer server = PostgresServer.start(System.getenv("DB_URL"), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            }
            stopped.countDown();
        }));
        for (String service : services) {
            ServiceDatabase db = ServiceDatabase.of(service);
            server.createDatabase(db.database(), db.role(), db.password(), server.embedded());
        }
        System.out.println("READY " + server.host() + ":" + server.port()
                + (server.embedded() ? " (embedded)" : " (external)"));
        System.out.flush();
        if (server.embedded()) {
            stopped.await();
        }
    }
}
