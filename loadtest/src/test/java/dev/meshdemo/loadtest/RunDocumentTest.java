package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The typed run document writes the same JSON as the map-built one did. run-document-v1.json was written by the
 * map-built LoadRun.document (a 2 s catalog run against TestServer, before the records existed); read into
 * RunDocument and written again it must come out byte for byte the same: names, order, numbers, nulls.
 */
class RunDocumentTest {

    @Test
    void aRunWrittenByTheMapBuiltDocumentIsWrittenIdenticallyByTheRecords() throws IOException {
        String old = Files.readString(Benchmarks.MODULE.resolve("src/test/resources/run-document-v1.json"));
        RunDocument typed = LoadRun.JSON.readValue(old, RunDocument.class);
        assertEquals(old, LoadRun.JSON.writeValueAsString(typed));
    }

    @Test
    void everyFieldOfTheOldDocumentHasARecordComponent() throws IOException {
        JsonNode old = LoadRun.JSON.readTree(Benchmarks.MODULE.resolve("src/test/resources/run-document-v1.json").toFile());
        JsonNode again = LoadRun.JSON.valueToTree(LoadRun.JSON.treeToValue(old, RunDocument.class));
        List<String> paths = new ArrayList<>();
        fields(old, "$", paths);
        List<String> kept = new ArrayList<>();
        fields(again, "$", kept);
        assertEquals(paths, kept, "field paths in order");
    }

    @Test
    void aFreshRunRoundTrips() throws Exception {
        try (TestServer server = new TestServer(0)) {
            RunDocument doc = Benchmarks.run("catalog.hf.yaml", java.util.Map.of("TARGET", server.url(), "RATE", "100",
                    "WARMUP", "1s", "DURATION", "1s", "CONNECTIONS", "2"));
            String json = LoadRun.JSON.writeValueAsString(doc);
            assertEquals(json, LoadRun.JSON.writeValueAsString(LoadRun.JSON.readValue(json, RunDocument.class)));
            assertEquals(RunDocument.SCHEMA, LoadRun.JSON.readTree(json).path("schema").asText());
        }
    }

    private static void fields(JsonNode node, String where, List<String> out) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                out.add(where + "." + name);
                fields(node.get(name), where + "." + name, out);
            });
        } else if (node.isArray() && !node.isEmpty()) {
            fields(node.get(0), where + "[0]", out);
        }
    }
}
