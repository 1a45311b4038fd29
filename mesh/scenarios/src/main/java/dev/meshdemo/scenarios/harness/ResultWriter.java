package dev.meshdemo.scenarios.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a scenario's checks as JSON (every check with its observation and control) and as JUnit XML. */
public final class ResultWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultWriter() {
    }

    public record Written(Path json, Path xml) {
    }

    public static Written write(Path dir, String label, String scenario, Settings settings, Recorder recorder) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(label + ".json");
            Path xml = dir.resolve(label + ".xml");
            Files.writeString(json, json(scenario, settings, recorder), StandardCharsets.UTF_8);
            Files.writeString(xml, junitXml(label, scenario, recorder), StandardCharsets.UTF_8);
            return new Written(json, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(String scenario, Settings settings, Recorder recorder) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", scenario);
        root.put("target", settings.local() ? "local" : "cluster");
        root.put("mesh", settings.local() ? null : settings.mesh().id());
        root.put("duration_s", round(recorder.elapsedSeconds()));
        root.put("passed", recorder.passed());
        root.put("failed", recorder.failed());
        if (recorder.notOffered() != null) {
            root.put("not_offered", recorder.notOffered());
        }
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check c : recorder.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", c.step());
            m.put("name", c.name());
            m.put("status", c.passed() ? "PASS" : "FAIL");
            m.put("expected", c.expected());
            m.put("observed", c.observed());
            m.put("control", c.control());
            m.put("reason", c.reason());
            m.put("time_s", round(c.seconds()));
            checks.add(m);
        }
        root.put("checks", checks);
        return JSON.writeValueAsString(root);
    }

    static String junitXml(String label, String scenario, Recorder recorder) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<testsuite name=\"scenario.%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">%n",
                escape(label), recorder.checks().size(), recorder.failed(), recorder.elapsedSeconds()));
        for (Check c : recorder.checks()) {
            b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s.%s\" name=\"%s\" time=\"%.3f\">",
                    escape(scenario), escape(c.step()), escape(c.name()), c.seconds()));
            String text = c.line();
            if (c.passed()) {
                b.append("<system-out>").append(escape(text)).append("</system-out>");
            } else {
                b.append("<failure message=\"").append(escape(c.reason() == null ? "" : c.reason())).append("\">")
                        .append(escape(text)).append("</failure>");
            }
            b.append("</testcase>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    /** XML 1.0 text: markup escaped, characters XML cannot carry replaced. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    boolean legal = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                            || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
                    b.appendCodePoint(legal ? cp : 0xFFFD);
                }
            }
        });
        return b.toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
