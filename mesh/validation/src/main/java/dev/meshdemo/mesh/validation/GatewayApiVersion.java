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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Gateway API version everywhere: the Makefile variable GATEWAY_API_VERSION (what `make gateway-api` installs
 * and checks against the CRDs' bundle-version annotation), the bundle-version of the Gateway API CRDs the
 * validation reads (MESH_CRDS_DIR), every other version the make files name for it (e.g. what `make crds`
 * fetches), the checksum list, and the docs. Docs state the pin as "Gateway API vX.Y.Z" or as a
 * standard-install.yaml URL; ranges a mesh supports are written without the "v" ("1.2.1 to 1.5.1").
 */
public final class GatewayApiVersion {
    static final String BUNDLE_VERSION = "gateway.networking.k8s.io/bundle-version";
    private static final Pattern DEFINITION = Pattern.compile("(?m)^\\s*GATEWAY_API_VERSION\\s*[:?]?=\\s*(\\S+)\\s*$");
    private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
    private static final Pattern DOC_PIN = Pattern.compile("Gateway API (?:CRDs )?(v\\d+\\.\\d+\\.\\d+)|gateway-api/releases/download/(v\\d+\\.\\d+\\.\\d+)");
    /** mk/mesh.mk's gateway-api: "error: Gateway API <found> is installed ...; this suite pins <pinned>". */
    private static final String REFUSAL_PREFIX = "error: ";
    private static final String REFUSAL_SUFFIX = " is installed";
    private static final Pattern CHECKSUM_FILE = Pattern.compile("gateway-api-(v\\d+\\.\\d+\\.\\d+)-");

    /** What the rule reads: file name -> text, for the make files, the docs and the checksum list; and the CRD objects. */
    record Sources(Map<String, String> makeFiles, Map<String, String> docs, Map<String, String> checksums, List<JsonNode> crds) {
    }

    private GatewayApiVersion() {
    }

    public static Sources fromRepo(CrdSchemas crds) {
        Path root = Repo.root();
        Map<String, String> make = new LinkedHashMap<>();
        make.put("Makefile", read(root.resolve("Makefile")));
        files(root.resolve("mk"), ".mk").forEach(f -> make.put(root.relativize(f).toString(), read(f)));
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put("README.md", read(root.resolve("README.md")));
        files(root.resolve("docs"), ".md").forEach(f -> docs.put(root.relativize(f).toString(), read(f)));
        files(root.resolve("mesh"), ".md").forEach(f -> docs.put(root.relativize(f).toString(), read(f)));
        Map<String, String> checksums = new LinkedHashMap<>();
        Path sums = root.resolve("mesh/crds.sha256");
        if (Files.isRegularFile(sums)) {
            checksums.put("mesh/crds.sha256", read(sums));
        }
        return new Sources(make, docs, checksums, crds.gatewayApiCrds());
    }

    public static List<String> check(Sources s) {
        List<String> errors = new ArrayList<>();
        TreeSet<String> defined = new TreeSet<>();
        s.makeFiles().forEach((file, text) -> {
            Matcher m = DEFINITION.matcher(text);
            while (m.find()) {
                // GATEWAY_API_VERSION=$(GATEWAY_API_VERSION) passes the variable on (e.g. to a script): not a definition.
                if (!m.group(1).startsWith("$")) {
                    defined.add(m.group(1));
                }
            }
        });
        if (defined.size() != 1) {
            errors.add("GATEWAY_API_VERSION must be defined once in the make files, found " + defined);
            return errors;
        }
        String pinned = defined.first();
        if (s.crds().isEmpty()) {
            errors.add("no Gateway API CRDs (group gateway.networking.k8s.io) among the CRDs the validation reads");
        }
        for (JsonNode crd : s.crds()) {
            String bundle = crd.path("metadata").path("annotations").path(BUNDLE_VERSION).asText("(none)");
            if (!bundle.equals(pinned)) {
                errors.add("CRD " + crd.path("metadata").path("name").asText() + " has " + BUNDLE_VERSION + " " + bundle + ", GATEWAY_API_VERSION is " + pinned);
            }
        }
        s.makeFiles().forEach((file, text) -> {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                String lower = line.toLowerCase();
                if (!(lower.contains("gateway") || lower.contains("fetch-crds"))) {
                    continue;
                }
                Matcher m = VERSION.matcher(line);
                while (m.find()) {
                    if (!m.group().equals(pinned)) {
                        errors.add(file + ":" + (i + 1) + " names Gateway API " + m.group() + ", GATEWAY_API_VERSION is " + pinned + ": use the variable");
                    }
                }
            }
        });
        s.checksums().forEach((file, text) -> {
            Matcher m = CHECKSUM_FILE.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals(pinned)) {
                    errors.add(file + " checks Gateway API CRDs " + m.group(1) + ", GATEWAY_API_VERSION is " + pinned);
                }
            }
        });
        s.docs().forEach((file, text) -> {
            Matcher m = DOC_PIN.matcher(text);
            while (m.find()) {
                String v = m.group(1) != null ? m.group(1) : m.group(2);
                // A quote of the gateway-api target's refusal of another version (a troubleshooting row) pins nothing.
                boolean refusal = text.startsWith(REFUSAL_PREFIX, m.start() - REFUSAL_PREFIX.length()) && text.startsWith(REFUSAL_SUFFIX, m.end());
                if (!v.equals(pinned) && !refusal) {
                    errors.add(file + " pins Gateway API " + v + ", GATEWAY_API_VERSION is " + pinned);
                }
            }
        });
        return errors;
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
