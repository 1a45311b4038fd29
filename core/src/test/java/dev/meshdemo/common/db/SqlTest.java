package dev.meshdemo.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshdemo.common.errors.DatabaseUnavailable;
import io.agroal.api.AgroalDataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlTest {

    /** A data source whose getConnection throws {@code failure}, or hands out a connection that does nothing. */
    private static Sql sqlWhoseConnectionFails(SQLException failure) {
        Connection idle = (Connection) Proxy.newProxyInstance(SqlTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> null);
        AgroalDataSource dataSource = (AgroalDataSource) Proxy.newProxyInstance(SqlTest.class.getClassLoader(),
                new Class<?>[] {AgroalDataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        if (failure != null) {
                            throw failure;
                        }
                        return idle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new Sql(dataSource);
    }

    @Test
    void anyFailureToGetAConnectionIsTheDatabaseBeingUnavailable() {
        // What PostgreSQL's driver throws when the pool interrupts its connection attempt at the acquisition timeout.
        SQLException interrupted = new SQLException("Something unusual has occurred to cause the driver to fail", "99999");
        Sql.SqlFailure failure = assertThrows(Sql.SqlFailure.class,
                () -> sqlWhoseConnectionFails(interrupted).work(connection -> "never"));
        assertTrue(DatabaseUnavailable.causedBy(failure));
        assertEquals("08001", failure.sqlState());
        assertSame(interrupted, failure.getCause().getCause(), "the driver's failure stays in the cause chain");
    }

    @Test
    void aFailedStatementKeepsItsOwnState() {
        Sql.SqlFailure failure = assertThrows(Sql.SqlFailure.class, () -> sqlWhoseConnectionFails(null).work(connection -> {
            throw new SQLException("duplicate key", "23505");
        }));
        assertEquals("23505", failure.sqlState());
        assertFalse(DatabaseUnavailable.causedBy(failure), "a constraint violation is not an outage");
    }
}
