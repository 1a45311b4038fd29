package dev.meshdemo.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server for tests and local runs: an embedded one (zonky, started on demand) unless an
 * admin JDBC URL of an external server is given (TEST_DB_URL in tests, DB_URL for `make run`), for example
 * {@code jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret}.
 * Each service gets its own database and role on it, as in Kubernetes.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres embedded; // null for an external server
    private final String adminUrl;
    private final String host;
    private final int port;

    private PostgresServer(EmbeddedPostgres embedded, String adminUrl) {
        this.embedded = embedded;
        this.adminUrl = adminUrl;
        URI uri = URI.create(adminUrl.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : 5432;
    }

    /** Connects to an external server when {@code externalAdminUrl} is set, else starts an embedded one. */
    public static PostgresServer start(String externalAdminUrl, int embeddedPort) throws IOException {
        if (externalAdminUrl != null && !externalAdminUrl.isBlank()) {
            return new PostgresServer(null, externalAdminUrl.trim());
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off") // test and demo data only: durability is not the point
                .setServerConfig("synchronous_commit", "off");
        if (embeddedPort > 0) {
            builder.setPort(embeddedPort);
        }
        EmbeddedPostgres pg = builder.start();
        return new PostgresServer(pg, pg.getJdbcUrl("postgres", "postgres"));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** The JDBC URL of a database on this server, through {@code host:port} (e.g. a {@link TcpProxy}). */
    public static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * Creates (or, with {@code fresh}, re-creates empty) a database owned by a login role with the given
     * password. Idempotent, so `make run` can provision an external server twice.
     */
    public void createDatabase(String database, String role, String password, boolean fresh) throws SQLException {
        requireIdentifier(database);
        requireIdentifier(role);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            } else {
                s.execute("ALTER ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            }
            if (fresh) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                s.execute("CREATE DATABASE " + database + " OWNER " + role);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
