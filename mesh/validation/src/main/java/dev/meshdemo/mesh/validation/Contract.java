package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the manifests must agree with: the services' ports and the call graph (docs/CONFIGURATION.md, mesh/call-graph.yaml). */
public final class Contract {
    public static final List<String> SERVICES = List.of("product-service", "cart-service", "order-service", "user-service", "exam-service");

    /** One allowed call: caller service account, callee service, method, path template ({x} = one segment). */
    public record Call(String from, String to, String method, String path) {
        public boolean matches(String method, String concretePath) {
            return this.method.equals(method) && concretePath.matches(template(path));
        }

        /** A concrete request path for this template. */
        public String sample() {
            return path.replaceAll("\\{[^}]+}", "1");
        }

        static String template(String path) {
            return Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
        }
    }

    private Contract() {
    }

    /** Ports from docs/CONFIGURATION.md's "Ports, databases, peers" table. */
    public static Map<String, Integer> documentedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\|\\s*([a-z]+-service)\\s*\\|\\s*(\\d+)\\s*\\|", Pattern.MULTILINE);
        Matcher m = row.matcher(read(Repo.root().resolve("docs/CONFIGURATION.md")));
        while (m.find()) {
            ports.putIfAbsent(m.group(1), Integer.parseInt(m.group(2)));
        }
        return ports;
    }

    /** quarkus.http.port of a service's application.properties, or null when the module has none yet. */
    public static Integer configuredPort(String service) {
        Path file = Repo.root().resolve(service + "/src/main/resources/application.properties");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = p.getProperty("quarkus.http.port");
        if (value == null) {
            return null;
        }
        // ${QUARKUS_HTTP_PORT:3001} style: the default is the port.
        Matcher m = Pattern.compile("^\\$\\{[^:}]+:(\\d+)}$").matcher(value.trim());
        return Integer.parseInt(m.matches() ? m.group(1) : value.trim());
    }

    /** The port of each service: application.properties where it exists, the documented table otherwise. */
    public static Map<String, Integer> servicePorts(List<String> notes) {
        Map<String, Integer> documented = documentedPorts();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String s : SERVICES) {
            Integer configured = configuredPort(s);
            if (configured != null) {
                ports.put(s, configured);
                notes.add(s + ": port " + configured + " from " + s + "/src/main/resources/application.properties");
            } else {
                ports.put(s, documented.get(s));
                notes.add(s + ": port " + documented.get(s) + " from docs/CONFIGURATION.md (no " + s
                        + "/src/main/resources/application.properties with quarkus.http.port yet)");
            }
        }
        return ports;
    }

    /** The calls between services in docs/CONFIGURATION.md ("caller -> callee | `METHOD /path`, ..."). */
    public static List<Call> documentedCalls() {
        List<Call> calls = new ArrayList<>();
        Pattern row = Pattern.compile("^\\|\\s*([a-z]+-service)\\s*->\\s*([a-z]+-service)\\s*\\|(.*)\\|\\s*$", Pattern.MULTILINE);
        Pattern call = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) (/[^`]*)`");
        Matcher m = row.matcher(read(Repo.root().resolve("docs/CONFIGURATION.md")));
        while (m.find()) {
            Matcher c = call.matcher(m.group(3));
            while (c.find()) {
                calls.add(new Call(m.group(1), m.group(2), c.group(1), c.group(2)));
            }
        }
        return calls;
    }

    private static JsonNode graphFile() {
        return Kustomize.parse(read(Repo.mesh().resolve("call-graph.yaml"))).get(0);
    }

    public static String entry() {
        return graphFile().path("entry").asText();
    }

    /** mesh/call-graph.yaml: the service-to-service calls plus the entry's public routes (as calls from the entry). */
    public static List<Call> allowedCalls() {
        JsonNode g = graphFile();
        List<Call> calls = new ArrayList<>(graphCalls());
        for (JsonNode c : g.path("public")) {
            calls.add(new Call(g.path("entry").asText(), c.path("to").asText(), c.path("method").asText(), c.path("path").asText()));
        }
        return calls;
    }

    public static List<Call> graphCalls() {
        List<Call> calls = new ArrayList<>();
        for (JsonNode c : graphFile().path("calls")) {
            calls.add(new Call(c.path("from").asText(), c.path("to").asText(), c.path("method").asText(), c.path("path").asText()));
        }
        return calls;
    }

    public static List<String> operationPaths() {
        List<String> paths = new ArrayList<>();
        graphFile().path("operations").forEach(p -> paths.add(p.asText()));
        return paths;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
