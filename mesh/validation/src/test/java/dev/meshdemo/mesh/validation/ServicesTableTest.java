package dev.meshdemo.mesh.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The services table of mesh/call-graph.yaml is the one source of names and ports: every other place that
 * pairs a service with its port, database or URL variable must say the same, or this test names the file,
 * the line and what the table says.
 */
class ServicesTableTest {

    record Service(String name, int port, String database, String role, String urlEnv, String prefix) {
    }

    private static final Map<String, Service> TABLE = table();

    private static Map<String, Service> table() {
        JsonNode graph = Kustomize.parse(Contract.read(Repo.mesh().resolve("call-graph.yaml"))).get(0);
        Map<String, Service> services = new LinkedHashMap<>();
        for (JsonNode s : graph.path("services")) {
            services.put(s.path("name").asText(), new Service(s.path("name").asText(), s.path("port").asInt(),
                    s.path("database").asText(), s.path("role").asText(), s.path("url_env").asText(),
                    s.path("prefix").asText()));
        }
        return services;
    }

    private static Service byEnv(String env) {
        return TABLE.values().stream().filter(s -> s.urlEnv().equals(env)).findFirst().orElse(null);
    }

    private static Properties properties(String service) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(Repo.root().resolve(service + "/src/main/resources/application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static Set<String> dependenciesOf(String service) {
        return Contract.graphCalls().stream().filter(c -> c.from().equals(service)).map(Contract.Call::to)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theTableListsTheServicesEveryoneElseKnows() {
        assertEquals(Contract.SERVICES, List.copyOf(TABLE.keySet()), "Contract.SERVICES vs mesh/call-graph.yaml services");
        Set<String> inCalls = new TreeSet<>();
        Contract.allowedCalls().forEach(c -> inCalls.add(c.to()));
        Contract.graphCalls().forEach(c -> inCalls.add(c.from()));
        assertTrue(TABLE.keySet().containsAll(inCalls), "calls name services outside the table: " + inCalls);
        for (Service s : TABLE.values()) {
            String prefix = s.name().substring(0, s.name().length() - "-service".length());
            assertEquals(prefix + "_db", s.database(), s.name() + ": database follows ServiceDatabase's rule");
            assertEquals(prefix + "_svc", s.role(), s.name() + ": role follows ServiceDatabase's rule");
            assertEquals(prefix.toUpperCase() + "_SERVICE_URL", s.urlEnv(), s.name());
        }
    }

    @Test
    void eachServicesConfigurationAgrees() {
        for (Service s : TABLE.values()) {
            Properties p = properties(s.name());
            String file = s.name() + "/src/main/resources/application.properties";
            assertEquals(String.valueOf(s.port()), p.getProperty("quarkus.http.port"), file);
            assertEquals(s.name(), p.getProperty("meshdemo.service.name"), file);
            assertEquals(s.name(), p.getProperty("quarkus.application.name"), file);
            assertEquals("${DB_URL:jdbc:postgresql://localhost:5432/" + s.database() + "}",
                    p.getProperty("quarkus.datasource.jdbc.url"), file);
            assertEquals("${DB_USER:" + s.role() + "}", p.getProperty("quarkus.datasource.username"), file);
            Set<String> clients = new TreeSet<>();
            for (String key : p.stringPropertyNames()) {
                Matcher m = Pattern.compile("quarkus\\.rest-client\\.([a-z-]+)\\.url").matcher(key);
                if (m.matches()) {
                    Service dep = TABLE.get(m.group(1));
                    assertTrue(dep != null, file + ": REST client for a service not in the table: " + key);
                    assertEquals("${" + dep.urlEnv() + ":http://localhost:" + dep.port() + "}", p.getProperty(key),
                            file + ": " + key);
                    clients.add(dep.name());
                }
            }
            assertEquals(dependenciesOf(s.name()), clients, file + ": REST clients vs the calls of mesh/call-graph.yaml");
        }
    }

    @Test
    void restClientsNameTheirDependencyAsTheTableDoes() throws IOException {
        Pattern constant = Pattern.compile("String DEPENDENCY = \"([a-z-]+)\";");
        for (Service s : TABLE.values()) {
            Path src = Repo.root().resolve(s.name() + "/src/main/java");
            Set<String> named = new TreeSet<>();
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = constant.matcher(Files.readString(f));
                    while (m.find()) {
                        named.add(m.group(1));
                    }
                }
            }
            assertEquals(dependenciesOf(s.name()), named, s.name() + ": REST clients' DEPENDENCY constants");
        }
    }

    @Test
    void manifestsUseTheTablesPortsAndUrls() {
        for (Service s : TABLE.values()) {
            Path file = Repo.mesh().resolve("base/services/" + s.name() + ".yaml");
            List<String> seen = new ArrayList<>();
            for (JsonNode doc : Kustomize.parse(Contract.read(file))) {
                String kind = doc.path("kind").asText();
                if (kind.equals("Service")) {
                    for (JsonNode port : doc.path("spec").path("ports")) {
                        assertEquals(s.port(), port.path("port").asInt(), file + " Service port");
                        seen.add("service");
                    }
                } else if (kind.equals("Deployment")) {
                    for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
                        for (JsonNode port : c.path("ports")) {
                            assertEquals(s.port(), port.path("containerPort").asInt(), file + " containerPort");
                            seen.add("container");
                        }
                        Set<String> urls = new TreeSet<>();
                        for (JsonNode env : c.path("env")) {
                            Service dep = byEnv(env.path("name").asText());
                            if (dep != null) {
                                assertEquals("http://" + dep.name() + ":" + dep.port(), env.path("value").asText(),
                                        file + " " + env.path("name").asText());
                                urls.add(dep.name());
                            }
                        }
                        assertEquals(dependenciesOf(s.name()), urls, file + ": *_SERVICE_URL variables");
                    }
                }
            }
            assertTrue(seen.contains("service") && seen.contains("container"), file + ": no ports found");
        }
    }

    @Test
    void docsTableAgrees() {
        String doc = Contract.read(Repo.root().resolve("docs/CONFIGURATION.md"));
        for (Service s : TABLE.values()) {
            String deps = dependenciesOf(s.name()).stream().map(d -> TABLE.get(d).urlEnv()).sorted()
                    .collect(Collectors.joining(","));
            Matcher row = Pattern.compile("(?m)^\\| " + Pattern.quote(s.name()) + " \\| (\\d+) \\| `([a-z_]+)` \\| `([a-z_]+)` \\| (.*) \\|$")
                    .matcher(doc);
            assertTrue(row.find(), "docs/CONFIGURATION.md: no row for " + s.name());
            assertEquals(String.valueOf(s.port()), row.group(1), "docs/CONFIGURATION.md port of " + s.name());
            assertEquals(s.database(), row.group(2), "docs/CONFIGURATION.md database of " + s.name());
            assertEquals(s.role(), row.group(3), "docs/CONFIGURATION.md role of " + s.name());
            String documentedDeps = Pattern.compile("`([A-Z_]+)`").matcher(row.group(4)).results()
                    .map(r -> r.group(1)).sorted().collect(Collectors.joining(","));
            assertEquals(deps, documentedDeps, "docs/CONFIGURATION.md peers of " + s.name());
        }
    }

    /**
     * Everywhere else (scripts, make files, Java, manifests, benchmarks, docs): a service name next to a port
     * ({@code product-service:3001}, {@code [cart-service]=3002}, {@code 3001, "product-service"}), a URL variable
     * with a port, or {@code localhost:<port>/<prefix>} must agree with the table. Test ports 13001-13005
     * (system-tests) are the table's port + 10000.
     */
    @Test
    void everyPortNamedNextToAServiceAgrees() throws IOException {
        String names = TABLE.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|"));
        List<Pattern> nameThenPort = List.of(
                // (not the name of a {@code 3001, "product-service", 3002, ...} list)
                Pattern.compile("(?<!\\d, \")(" + names + ")[^A-Za-z0-9\\n]{1,3}(1?30\\d\\d)\\b"),
                Pattern.compile("\\b([A-Z]+_SERVICE_URL)[^A-Za-z0-9\\n]{1,3}(?:https?://[a-z0-9.-]+:)(1?30\\d\\d)\\b"));
        Pattern portThenName = Pattern.compile("(?<!-service\", )\\b(1?30\\d\\d),\\s*\"(" + names + ")\"");
        Pattern localPath = Pattern.compile("(?:localhost|127\\.0\\.0\\.1|LOCAL_HOST\\}?):(1?30\\d\\d)(/[a-z]+)");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path file : checkedFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = Repo.root().relativize(file) + ":" + (i + 1);
                for (Pattern p : nameThenPort) {
                    Matcher m = p.matcher(line);
                    while (m.find()) {
                        Service s = TABLE.containsKey(m.group(1)) ? TABLE.get(m.group(1)) : byEnv(m.group(1));
                        if (s != null) {
                            checked++;
                            check(s, m.group(2), where, line, wrong);
                        }
                    }
                }
                Matcher m = portThenName.matcher(line);
                while (m.find()) {
                    checked++;
                    check(TABLE.get(m.group(2)), m.group(1), where, line, wrong);
                }
                m = localPath.matcher(line);
                while (m.find()) {
                    String path = m.group(2);
                    Service s = TABLE.values().stream().filter(t -> path.equals(t.prefix()) || path.startsWith(t.prefix() + "/"))
                            .findFirst().orElse(null);
                    if (s != null) {
                        checked++;
                        check(s, m.group(1), where, line, wrong);
                    }
                }
            }
        }
        assertTrue(checked > 50, "the patterns found only " + checked + " service/port pairs: are they still right?");
        assertTrue(wrong.isEmpty(), "ports that disagree with mesh/call-graph.yaml's services table:\n"
                + String.join("\n", wrong));
    }

    private static void check(Service s, String port, String where, String line, List<String> wrong) {
        int p = Integer.parseInt(port);
        int expected = p > 10000 ? s.port() + 10000 : s.port();
        if (p != expected) {
            wrong.add(where + ": " + s.name() + " is on " + s.port() + ", not " + p + ": " + line.trim());
        }
    }

    private static List<Path> checkedFiles() throws IOException {
        Path root = Repo.root();
        List<Path> files = new ArrayList<>();
        for (String top : List.of("Makefile", "README.md", "scripts", "mk", "docs", "mesh", "loadtest", "system-tests",
                "product-service", "cart-service", "order-service", "user-service", "exam-service", "common",
                "test-support")) {
            Path start = root.resolve(top);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(start)) {
                walk.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/results/")
                                && !f.toString().contains("/node_modules/"))
                        .filter(f -> f.toString().matches(".*(\\.(sh|mk|md|ya?ml|java|properties|conf|json)|Makefile)$"))
                        // this test, and the deliberately broken manifests of BrokenManifestsTest
                        .filter(f -> !f.endsWith("ServicesTableTest.java") && !f.endsWith("BrokenManifestsTest.java"))
                        .forEach(files::add);
            }
        }
        assertFalse(files.isEmpty());
        return files;
    }
}
