package dev.meshdemo.common.errors;

import jakarta.persistence.QueryTimeoutException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.hibernate.JDBCException;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Recognises "the database cannot answer now" among the exceptions a request can end with, so that it is a
 * 503 (retry later) and not a 500 (a bug): a pool that has no connection to give within its acquisition
 * timeout, a socket that timed out, a lost or refused connection (SQLSTATE class 08), a server shutting down
 * (57P01..57P03), a cancelled statement or an expired lock wait (57014, 55P03).
 */
public final class DatabaseUnavailable {

    private static final int MAX_DEPTH = 20;

    private DatabaseUnavailable() {
    }

    public static Problem problem() {
        return Problem.of(503, "database-unavailable", "Service Unavailable",
                "The service's database did not answer in time; nothing was stored, retry later");
    }

    public static boolean causedBy(Throwable e) {
        return find(e) != null;
    }

    static String summary(Throwable e) {
        Throwable cause = find(e);
        return cause == null ? "" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable find(Throwable e) {
        Throwable current = e;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++, current = current.getCause()) {
            if (current instanceof SocketTimeoutException || current instanceof SQLTimeoutException
                    || current instanceof SQLTransientConnectionException) {
                return current;
            }
            if (current instanceof SQLException sql && unavailable(sql)) {
                return current;
            }
            // Hibernate wraps the driver's SQLException (its cause, checked above on the next turn), except
            // where it decided itself: a statement past its timeout, a connection it could not use or get
            // (the driver's 99999 when the pool interrupts a connect at the acquisition timeout).
            if (current instanceof QueryTimeoutException || current instanceof org.hibernate.QueryTimeoutException
                    || current instanceof JDBCConnectionException) {
                return current;
            }
            if (current instanceof JDBCException jdbc && jdbc.getMessage() != null
                    && jdbc.getMessage().startsWith("Unable to acquire JDBC Connection")) {
                return current;
            }
        }
        return null;
    }

    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P03") || state.equals("57014") || state.equals("55P03");
        }
        // Agroal's pool answers "Sorry, acquisition timeout!" without an SQLSTATE.
        String message = e.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }
}
