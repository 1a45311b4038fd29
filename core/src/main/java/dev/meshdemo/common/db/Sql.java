package dev.meshdemo.common.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain JDBC on the service's datasource: every service's SQL is written out (upserts, {@code RETURNING},
 * row locks), so an ORM added only per-request cost (a session, dirty checking, query translation; about a
 * quarter of the CPU of a request in a profile of the shopping flow; README, "Benchmarks").
 * <p>
 * Inside a {@code @Transactional} method every call here gets the transaction's own connection (Agroal
 * enlists it with Narayana and hands the same one out until the commit), so several calls form one
 * transaction; outside one each statement commits on its own. A {@link SQLException} leaves as a
 * {@link SqlFailure} carrying it, so {@code DatabaseUnavailable} still finds the SQLSTATE in the cause chain.
 */
@ApplicationScoped
public class Sql {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work on the connection itself (timeouts, several statements with one connection). */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public Sql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T work(Work<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new SqlFailure(noConnection(e));
        }
        try (connection) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /**
     * Whatever getting a connection failed with (the driver gives up opening one with SQLSTATE 99999 when the
     * pool interrupts it at the acquisition timeout), the database could not be reached: class 08, which
     * DatabaseUnavailable answers with a 503, the original failure as the cause.
     */
    private static SQLException noConnection(SQLException e) {
        return e instanceof SQLTransientConnectionException ? e
                : new SQLTransientConnectionException("Unable to acquire JDBC Connection: " + e.getMessage(), "08001", e);
    }

    /** INSERT, UPDATE, DELETE or a statement such as SET LOCAL: the number of rows it changed. */
    public int update(String statement, Object... parameters) {
        return work(connection -> {
            try (PreparedStatement prepared = connection.prepareStatement(statement)) {
                bind(prepared, parameters);
                return prepared.executeUpdate();
            }
        });
    }

    /** Every row of a query (or of a statement with {@code RETURNING}). */
    public <T> List<T> list(String query, Row<T> row, Object... parameters) {
        return work(connection -> {
            try (PreparedStatement prepared = connection.prepareStatement(query)) {
                bind(prepared, parameters);
                try (ResultSet rows = prepared.executeQuery()) {
                    List<T> result = new ArrayList<>();
                    while (rows.next()) {
                        result.add(row.map(rows));
                    }
                    return result;
                }
            }
        });
    }

    /** The first row of a query, if there is one. */
    public <T> Optional<T> first(String query, Row<T> row, Object... parameters) {
        return work(connection -> {
            try (PreparedStatement prepared = connection.prepareStatement(query)) {
                bind(prepared, parameters);
                prepared.setMaxRows(1);
                try (ResultSet rows = prepared.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(row.map(rows)) : Optional.empty();
                }
            }
        });
    }

    private static void bind(PreparedStatement prepared, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            // The PostgreSQL driver takes java.time's offset types, not Instant: timestamptz columns get UTC.
            prepared.setObject(i + 1, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        }
    }

    /** Reads a timestamptz column as an Instant (null stays null). */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A failed statement; the {@link SQLException} is the cause. */
    public static final class SqlFailure extends RuntimeException {
        public SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        public String sqlState() {
            return ((SQLException) getCause()).getSQLState();
        }
    }
}
