package dev.meshdemo.common.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The key table's migration rides in this jar under Flyway's default location, next to the services' own
 * migrations: so its version must never be one a service uses. Versions from 1000 up are reserved for the shared
 * modules; every service numbers its own below (Flyway would refuse to start on two migrations of one version).
 */
class MigrationVersionsTest {

    static final int FIRST_SHARED_VERSION = 1000;
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+)__.+\\.sql");

    @Test
    void theMigrationIsUnderFlywaysDefaultLocationAndInTheSharedRange() throws IOException {
        try (InputStream sql = getClass().getResourceAsStream("/db/migration/V1000__idempotency_keys.sql")) {
            assertNotNull(sql, "db/migration/V1000__idempotency_keys.sql is not in the jar");
            assertTrue(new String(sql.readAllBytes()).contains("CREATE TABLE idempotency_keys"));
        }
    }

    @Test
    void noServiceUsesTheSharedRange() throws IOException {
        List<String> services = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path migrations : modules.map(m -> m.resolve("src/main/resources/db/migration"))
                    .filter(Files::isDirectory).filter(m -> !m.startsWith(Path.of("..", "idempotency"))).toList()) {
                services.add(migrations.getName(1).toString());
                try (Stream<Path> files = Files.list(migrations)) {
                    for (Path file : files.toList()) {
                        Matcher m = VERSIONED.matcher(file.getFileName().toString());
                        if (m.matches() && Integer.parseInt(m.group(1)) >= FIRST_SHARED_VERSION) {
                            offending.add(file.toString());
                        }
                    }
                }
            }
        }
        assertEquals(5, services.size(), "the five services' migration folders: " + services);
        assertEquals(List.of(), offending, "versions from " + FIRST_SHARED_VERSION + " up are the shared modules'");
    }
}
