package dev.meshdemo.scenarios.harness;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

class CleanupTest {
    @Test
    void restoresLastInFirstOutAndGoesOnAfterAFailure() {
        List<String> ran = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Cleanup c = new Cleanup((what, e) -> failures.add(what + ": " + e.getMessage()));
        c.defer("first", () -> ran.add("first"));
        c.defer("second fails", () -> {
            throw new IllegalStateException("api server gone");
        });
        c.defer("third", () -> ran.add("third"));
        c.close();
        assertEquals(List.of("third", "first"), ran);
        assertEquals(List.of("second fails: api server gone"), failures);
        c.close();
        assertEquals(2, ran.size(), "closing twice restores once");
    }

    @Test
    void restoreNowAndForget() {
        List<String> ran = new ArrayList<>();
        Cleanup c = new Cleanup((w, e) -> { });
        c.defer("feature off", () -> ran.add("feature off"));
        c.defer("knob back", () -> ran.add("knob back"));
        assertTrue(c.restoreNow("feature off"));
        assertEquals(List.of("feature off"), ran);
        assertFalse(c.restoreNow("feature off"), "restored once only");
        assertTrue(c.forget("knob back"));
        c.close();
        assertEquals(List.of("feature off"), ran);
    }

    // -------------------------------------------------------- a scenario class run by the real extension
    static final List<String> EVENTS = new ArrayList<>();

    @Scenario(value = "sample", local = true)
    static class SampleScenario {
        @Test
        @Order(1)
        @DisplayName("changes things")
        void change(ScenarioContext ctx) {
            EVENTS.add("step 1");
            ctx.cleanup().defer("restore A", () -> EVENTS.add("restore A"));
            ctx.cleanup().defer("restore B", () -> EVENTS.add("restore B"));
            ctx.recorder().check("first", true, "ok", "ok");
        }

        @Test
        @Order(2)
        @DisplayName("breaks")
        void breaks(ScenarioContext ctx) {
            EVENTS.add("step 2");
            ctx.recorder().check("second", false, "200", "503");
            throw new Precondition("the knob cannot be read");
        }

        @Test
        @Order(3)
        @DisplayName("never runs")
        void later(ScenarioContext ctx) {
            EVENTS.add("step 3");
        }
    }

    @Test
    void aFailingScenarioStopsAtItsPreconditionRestoresInOrderAndWritesItsResults(@TempDir Path dir) throws Exception {
        EVENTS.clear();
        Settings.use(Settings.fromEnvironment(Map.of("TARGET", "local", "RESULTS_DIR", dir.toString())));
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(SampleScenario.class)).build(), listener);
        assertEquals(List.of("step 1", "step 2", "restore B", "restore A"), EVENTS);
        assertEquals(1, listener.getSummary().getTestsFailedCount(), "the step with a failed check fails");
        assertEquals(1, listener.getSummary().getTestsSkippedCount(), "later steps are skipped");
        JsonNode json = HostHttp.JSON.readTree(Files.readString(dir.resolve("sample-local.json")));
        assertEquals(1, json.path("passed").asInt());
        assertEquals(2, json.path("failed").asInt(), "the failed check and the precondition");
        assertEquals("precondition", json.path("checks").path(2).path("name").asText());
        assertTrue(Files.readString(dir.resolve("sample-local.xml")).contains("failures=\"2\""));
    }

    // ------------------------------------------------------------------------- interrupted (SIGTERM)
    /** A child JVM: registers a restoration, says so, then waits to be stopped. */
    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0]);
        Settings.use(Settings.fromEnvironment(Map.of("TARGET", "local", "RESULTS_DIR", args[1])));
        ScenarioContext ctx = new ScenarioContext("slow", Settings.current(), System.out);
        Files.writeString(marker, "changed");
        ctx.cleanup().defer("remove the marker", () -> Files.delete(marker));
        ctx.recorder().pass("started", "waiting");
        Thread.sleep(60_000);
    }

    @Test
    void aStoppedJvmStillRestoresAndRecordsTheInterruption(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("marker");
        Path results = dir.resolve("results");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CleanupTest.class.getName(), marker.toString(), results.toString())
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        for (String line; (line = reader.readLine()) != null; ) {
            out.append(line).append('\n');
            if (line.startsWith("PASS started")) {
                break;
            }
        }
        assertTrue(Files.exists(marker), out.toString());
        p.destroy(); // SIGTERM on Linux and macOS, what Ctrl-C's SIGINT also triggers: the shutdown hooks
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(marker), "the restoration ran: " + out);
        JsonNode json = HostHttp.JSON.readTree(Files.readString(results.resolve("slow-local.json")));
        assertEquals("interrupted", json.path("checks").path(1).path("name").asText());
        assertEquals("FAIL", json.path("checks").path(1).path("status").asText());
    }
}
