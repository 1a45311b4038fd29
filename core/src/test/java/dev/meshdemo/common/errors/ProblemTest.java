package dev.meshdemo.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void instanceIsAnEncodedPathNeverMarkup() {
        assertEquals("/nope/%3Cimg%20src=x%20onerror=alert(1)%3E",
                Problem.encodePath("/nope/<img src=x onerror=alert(1)>"));
        assertEquals("/users/%22%5C%0A", Problem.encodePath("/users/\"\\\n"));
        assertEquals("/products/%EF%BC%91", Problem.encodePath("/products/１"));
        assertEquals("/products/%EF%BC%91", Problem.encodePath("/products/%EF%BC%91"));
        assertTrue(Problem.encodePath("/" + "a".repeat(5000)).length() <= Problem.MAX_INSTANCE + 2);
    }

    @Test
    void hungDatabasesAre503() {
        assertTrue(DatabaseUnavailable.causedBy(new RuntimeException(new java.sql.SQLException("Sorry, acquisition timeout!"))));
        assertTrue(DatabaseUnavailable.causedBy(new java.sql.SQLException("lost", "08006")));
        assertTrue(DatabaseUnavailable.causedBy(new RuntimeException(new java.net.SocketTimeoutException("Read timed out"))));
        assertTrue(!DatabaseUnavailable.causedBy(new java.sql.SQLException("duplicate", "23505")));
        assertTrue(!DatabaseUnavailable.causedBy(new IllegalStateException("bug")));
    }
}
