package dev.meshdemo.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Maven profiles of test-support put the embedded PostgreSQL binaries of this machine's OS and CPU on
 * the class path (zonky publishes one artifact per platform): exactly this platform's archive, none of the
 * other three (unless -Dpostgres.binaries=all asked for all), and zonky's own resolver finds it.
 */
class PostgresBinariesTest {

    /** The archive each binaries artifact holds, by platform (as zonky names them). */
    private static final Map<String, String> ARCHIVE_OF_PLATFORM = Map.of(
            "linux-amd64", "postgres-linux-x86_64.txz",
            "linux-arm64v8", "postgres-linux-arm_64.txz",
            "darwin-amd64", "postgres-darwin-x86_64.txz",
            "darwin-arm64v8", "postgres-darwin-arm_64.txz");

    /** This machine's platform, decided independently of the pom's profile activation. */
    static String platformOf(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> osArch;
        };
        return system + "-" + arch;
    }

    @Test
    void platformNamesCoverTheFourSupportedMachines() {
        assertEquals("linux-amd64", platformOf("Linux", "amd64"));
        assertEquals("linux-arm64v8", platformOf("Linux", "aarch64"));
        assertEquals("darwin-amd64", platformOf("Mac OS X", "x86_64"));
        assertEquals("darwin-arm64v8", platformOf("Mac OS X", "aarch64"));
    }

    @Test
    void theClassPathHoldsThisMachinesBinariesAndOnlyThose() throws Exception {
        String platform = platformOf(System.getProperty("os.name"), System.getProperty("os.arch"));
        String archive = ARCHIVE_OF_PLATFORM.get(platform);
        assertNotNull(archive, "no embedded PostgreSQL binaries are published for " + platform);
        assertEquals(1, resources(archive).size(), archive + " on the class path: " + resources(archive));

        boolean all = "all".equals(System.getProperty("postgres.binaries"));
        for (Map.Entry<String, String> other : ARCHIVE_OF_PLATFORM.entrySet()) {
            if (!other.getKey().equals(platform)) {
                assertEquals(all ? 1 : 0, resources(other.getValue()).size(),
                        other.getValue() + " (" + other.getKey() + ") on the class path of a " + platform
                                + " machine" + (all ? " with -Dpostgres.binaries=all" : ""));
            }
        }
    }

    @Test
    void zonkyResolvesTheBinariesOfThisMachine() throws Exception {
        // The system and architecture exactly as EmbeddedPostgres passes them to its resolver.
        String system = (String) privateStatic("getOS").invoke(null);
        String architecture = (String) privateStatic("getArchitecture").invoke(null);
        try (InputStream binaries = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            assertNotNull(binaries, "zonky found no binaries for " + system + "/" + architecture);
            byte[] magic = binaries.readNBytes(6);
            // xz stream header: FD 37 7A 58 5A 00
            assertTrue(magic.length == 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z',
                    "not an xz archive");
        }
    }

    private static List<URL> resources(String name) throws Exception {
        return Collections.list(PostgresBinariesTest.class.getClassLoader().getResources(name));
    }

    private static Method privateStatic(String name) throws NoSuchMethodException {
        Method method = EmbeddedPostgres.class.getDeclaredMethod(name);
        method.setAccessible(true);
        return method;
    }
}
