package dev.meshdemo.scenarios.harness;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultWriterTest {
    static Settings settings(Path dir, Mesh mesh) {
        return Settings.fromEnvironment(Map.of("MESH", mesh.id(), "RESULTS_DIR", dir.toString()));
    }

    static Recorder sample() {
        Recorder r = new Recorder("canary", new PrintStream(new ByteArrayOutputStream()));
        r.step("inside the mesh");
        r.contrast("mesh.v2-share", Prediction.of("0.1 band", (Bands.Share s) -> Bands.within(s, 0.1)), "weighted route",
                new Bands.Share(97, 1000), Prediction.of("0.5 band", s -> Bands.within(s, 0.5)), "no product route",
                new Bands.Share(512, 1000), Bands.Share::toString);
        r.check("odd <name> & \"quotes\"", false, "x", "control char \u0001 and \u00e9");
        return r;
    }

    @Test
    void jsonNamesTheControlOfEveryContrastCheck(@TempDir Path dir) throws Exception {
        Settings s = settings(dir, Mesh.LINKERD);
        ResultWriter.Written w = ResultWriter.write(dir, s.label("canary"), "canary", s, sample());
        assertEquals(dir.resolve("canary-cluster-linkerd.json"), w.json());
        JsonNode root = HostHttp.JSON.readTree(Files.readString(w.json()));
        assertEquals("linkerd", root.path("mesh").asText());
        assertEquals(1, root.path("passed").asInt());
        assertEquals(1, root.path("failed").asInt());
        JsonNode first = root.path("checks").path(0);
        assertEquals("PASS", first.path("status").asText());
        assertEquals("no product route", first.path("control").path("condition").asText());
        assertEquals("0.5120 (512/1000)", first.path("control").path("summary").asText());
        assertEquals("0.0970 (97/1000)", first.path("observed").path("summary").asText());
        assertTrue(root.path("checks").path(1).path("control").isNull(), "a check without control says so");
    }

    @Test
    void junitXmlIsWellFormedAndCountsFailures(@TempDir Path dir) throws Exception {
        Settings s = settings(dir, Mesh.ISTIO);
        ResultWriter.Written w = ResultWriter.write(dir, s.label("canary"), "canary", s, sample());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(w.xml().toFile());
        Element suite = doc.getDocumentElement();
        assertEquals("scenario.canary-cluster-istio", suite.getAttribute("name"));
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        Element second = (Element) doc.getElementsByTagName("testcase").item(1);
        assertEquals("odd <name> & \"quotes\"", second.getAttribute("name"));
        assertEquals("canary.inside the mesh", second.getAttribute("classname"));
        assertTrue(doc.getElementsByTagName("failure").item(0).getTextContent().contains("\ufffd and \u00e9"));
    }

    @Test
    void localResultsAreLabelledLocal(@TempDir Path dir) {
        Settings s = Settings.fromEnvironment(Map.of("TARGET", "local", "RESULTS_DIR", dir.toString()));
        assertEquals("routing-local", s.label("routing"));
        assertEquals(Mesh.PLAIN, s.mesh());
    }
}
