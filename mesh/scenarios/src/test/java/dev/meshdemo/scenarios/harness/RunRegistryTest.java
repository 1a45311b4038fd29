package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scenario that recorded nothing fails the run, unless it said its mesh does not offer the feature. */
class RunRegistryTest {
    @Test
    void nothingRecordedFailsButNotOfferedDoesNot() {
        RunRegistry.Summary silent = new RunRegistry.Summary("mirroring", 0, 0, 0.1);
        RunRegistry.Summary notOffered = new RunRegistry.Summary("mirroring", 0, 0, 0.1, "not offered by linkerd: no mirroring");
        RunRegistry.Summary passed = new RunRegistry.Summary("canary", 5, 0, 3);
        RunRegistry.Summary failed = new RunRegistry.Summary("canary", 4, 1, 3, "not offered by linkerd: ignored when a check failed");
        assertFalse(silent.ok());
        assertTrue(notOffered.ok());
        assertTrue(passed.ok());
        assertFalse(failed.ok());
        assertTrue(RunRegistry.allOk(List.of(notOffered, passed)));
        assertFalse(RunRegistry.allOk(List.of(notOffered, silent)));
        String table = RunRegistry.table(List.of(notOffered, passed, silent));
        assertTrue(table.contains("not offered"), table);
        assertTrue(table.endsWith("5 passed, 1 failed"), table);
    }

    @Test
    void theRecorderPrintsTheLineAndKeepsIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Recorder r = new Recorder("mirroring", new PrintStream(out, true, StandardCharsets.UTF_8));
        r.notOffered("linkerd", "no built-in traffic mirroring");
        assertEquals("not offered by linkerd: no built-in traffic mirroring", r.notOffered());
        assertEquals(0, r.size());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("NOT OFFERED by linkerd: no built-in traffic mirroring"), out.toString(StandardCharsets.UTF_8));
    }
}
