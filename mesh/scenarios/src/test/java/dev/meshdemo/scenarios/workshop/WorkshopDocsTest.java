package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.scenarios.Scenarios;
import dev.meshdemo.scenarios.harness.Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages must not drift from the project: every `make TARGET` quoted in code on any Markdown page of the
 * repository is a target `make help` lists (a pattern target's instance must name a scenario); on the workshop
 * pages, the READMEs (the components' too) and docs/mesh-operations.md every path under mesh/, scripts/ or docs/ exists, each phase page quotes its check and reset, and its "The check runs:"
 * paragraph names exactly the scenarios the check runs.
 */
class WorkshopDocsTest {
    static final Path ROOT = Settings.repoRoot("");
    static final Pattern HELP_TARGET = Pattern.compile("(?m)^([a-zA-Z0-9_%-]+):.*## ");
    /** `make TARGET` in command position: a line's start, after a shell separator or a prompt (not "apt-get install make curl"). */
    static final Pattern MAKE = Pattern.compile("(?:^\\s*|[;&|(]\\s*|\\$\\s+)make ([a-zA-Z0-9][a-zA-Z0-9-]*)");
    static final Pattern PATH = Pattern.compile("(?:^|[^A-Za-z0-9_./-])((?:mesh|scripts|docs)/[A-Za-z0-9_./-]*[A-Za-z0-9_-])");

    /** The targets `make help` lists: those with a `## ` description in the Makefile and mk/*.mk. */
    static Set<String> helpTargets() throws IOException {
        Set<String> t = new TreeSet<>();
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("Makefile")));
        try (Stream<Path> s = Files.list(ROOT.resolve("mk"))) {
            s.filter(p -> p.toString().endsWith(".mk")).forEach(files::add);
        }
        for (Path f : files) {
            Matcher m = HELP_TARGET.matcher(Files.readString(f));
            while (m.find()) {
                t.add(m.group(1));
            }
        }
        return t;
    }

    static boolean listed(Set<String> targets, String target) {
        if (targets.contains(target)) {
            return true;
        }
        for (String t : targets) {
            if (t.contains("%") && target.matches(Pattern.quote(t).replace("%", "\\E.+\\Q"))) {
                String name = target.substring(Math.min(target.length(), "scenario-".length()));
                return !t.equals("scenario-%") || Scenarios.ALL.contains(name) || target.equals("scenario-status")
                        || Scenarios.PHASE_ONLY.contains(name);
            }
        }
        return false;
    }

    /** Fenced blocks and inline code spans of a Markdown page. */
    static List<String> code(String page) {
        List<String> pieces = new ArrayList<>();
        boolean fenced = false;
        for (String line : page.split("\\R")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                pieces.add(line);
                continue;
            }
            Matcher m = Pattern.compile("`([^`]+)`").matcher(line);
            while (m.find()) {
                pieces.add(m.group(1));
            }
        }
        return pieces;
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("mesh/workshop"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        // A track's own page (mesh/workshop/<track>/README.md, e.g. the ambient track).
        try (Stream<Path> s = Files.list(ROOT.resolve("mesh/workshop"))) {
            s.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(pages::add);
        }
        pages.add(ROOT.resolve("mesh/scenarios/README.md"));
        pages.add(ROOT.resolve("README.md"));
        pages.add(ROOT.resolve("docs/mesh-operations.md"));
        // The components' READMEs: the phase pages send participants to them for the new features.
        try (Stream<Path> s = Files.list(ROOT.resolve("mesh/components"))) {
            s.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Every Markdown page of the repository (outside build output), for the make targets it quotes. */
    static List<Path> allPages() throws IOException {
        Set<String> skip = Set.of("target", ".git", ".run", "node_modules", ".mvn");
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> { for (Path part : ROOT.relativize(p)) { if (skip.contains(part.toString())) return false; } return true; })
                    .sorted().toList();
        }
    }

    @Test
    void everyQuotedMakeTargetExists() throws IOException {
        Set<String> targets = helpTargets();
        assertTrue(targets.contains("scenarios") && targets.contains("phase-1-check"), targets.toString());
        List<String> missing = new ArrayList<>();
        int seen = 0;
        List<Path> pages = allPages();
        assertTrue(pages.containsAll(pages()), "the workshop pages and READMEs are among them");
        for (Path page : pages) {
            for (String piece : code(Files.readString(page))) {
                Matcher m = MAKE.matcher(piece);
                while (m.find()) {
                    String t = m.group(1).replace("-N-", "-1-"); // "make phase-N-check" in prose stands for 1..6
                    seen++;
                    if (!listed(targets, t)) {
                        missing.add(ROOT.relativize(page) + ": make " + m.group(1));
                    }
                }
            }
        }
        assertTrue(seen > 10, "quoted targets found: " + seen);
        assertEquals(List.of(), missing);
    }

    @Test
    void onlyCommandsCount() {
        java.util.function.Function<String, List<String>> found = piece -> {
            List<String> t = new ArrayList<>();
            Matcher m = MAKE.matcher(piece);
            while (m.find()) {
                t.add(m.group(1));
            }
            return t;
        };
        assertEquals(List.of(), found.apply("apt-get install make curl"));
        assertEquals(List.of("run"), found.apply("  make run   # starts everything"));
        assertEquals(List.of("deploy", "status"), found.apply("make deploy MESH=istio && make status MESH=istio"));
        assertEquals(List.of("test"), found.apply("$ make test"));
    }

    @Test
    void theListingRejectsUnknownTargets() throws IOException {
        Set<String> targets = helpTargets();
        assertTrue(listed(targets, "scenario-canary"));
        assertTrue(!listed(targets, "scenario-nonsense"));
        assertTrue(!listed(targets, "no-such-target"));
    }

    @Test
    void everyQuotedPathExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = PATH.matcher(Files.readString(page));
            while (m.find()) {
                String p = m.group(1);
                // Output folders the tools create are git-ignored rather than committed.
                boolean output = p.startsWith("mesh/scenarios/results") || p.startsWith("mesh/scenarios/target");
                if (!output && !Files.exists(ROOT.resolve(p))) {
                    missing.add(ROOT.relativize(page) + ": " + p);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** `kubectl apply|diff -k mesh/workshop/...`: a step applied without the recorded COMPONENTS and REGISTRY. */
    static final Pattern DIRECT_STEP = Pattern.compile("kubectl (?:apply|diff) -k mesh/workshop/");
    /** A curl to kind's entry address instead of $ENTRY_URL: wrong on EKS. */
    static final Pattern KIND_ENTRY = Pattern.compile("curl[^\\n]*(?<![/\\w])localhost:8080");

    /** What the page rules below refuse in a page's code: one line per offending piece. */
    static List<String> pageRuleErrors(String name, String page) {
        List<String> errors = new ArrayList<>();
        for (String piece : code(page)) {
            if (DIRECT_STEP.matcher(piece).find()) {
                errors.add(name + ": applies a step directly, use make step STEP=... MESH=... (keeps COMPONENTS, REGISTRY): " + piece.trim());
            }
            if (KIND_ENTRY.matcher(piece).find()) {
                errors.add(name + ": curls localhost:8080, use $ENTRY_URL (kind and EKS): " + piece.trim());
            }
        }
        return errors;
    }

    /** Every page, kind or EKS: steps through `make step`, the entry as $ENTRY_URL, and each workshop page says where it comes from. */
    @Test
    void thePagesGiveOnePathForKindAndEks() throws IOException {
        List<String> errors = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page);
            errors.addAll(pageRuleErrors(ROOT.relativize(page).toString(), text));
            boolean workshop = page.getParent().equals(ROOT.resolve("mesh/workshop"));
            if (workshop && text.contains("$ENTRY_URL") && !text.contains("make -s entry-url")) {
                errors.add(ROOT.relativize(page) + ": uses $ENTRY_URL without saying how to set it (export ENTRY_URL=$(make -s entry-url))");
            }
        }
        String phase1 = Files.readString(ROOT.resolve("mesh/workshop/phase-1-no-mesh.md"));
        if (!phase1.contains("## Kind or EKS") || !phase1.contains("docs/cluster.md") || !phase1.contains("## Apply: EKS")) {
            errors.add("phase-1-no-mesh.md: the kind and EKS set-up side by side (## Kind or EKS, ## Apply: EKS) and a link to docs/cluster.md");
        }
        String readme = Files.readString(ROOT.resolve("mesh/workshop/README.md"));
        if (!readme.contains("## Your route through the day")) {
            errors.add("mesh/workshop/README.md: the participant's route (## Your route through the day)");
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void thePageRulesRefuseWhatTheyShould() {
        String bad = "```bash\nkubectl diff -k mesh/workshop/istio/phase-3-vip\nkubectl apply -k mesh/workshop/istio/phase-3-vip\n"
                + "curl -s localhost:8080/products/1\n```\nor `curl -si localhost:8080/cart/u1`\n";
        List<String> errors = pageRuleErrors("bad.md", bad);
        assertEquals(4, errors.size(), errors.toString());
        String good = "```bash\nmake step STEP=phase-3-vip MESH=istio\ncurl -s $ENTRY_URL/products/1\n"
                + "kubectl kustomize mesh/workshop/istio/phase-2-inject | less\n```\nkind maps localhost:8080 to the NodePort.\n";
        assertEquals(List.of(), pageRuleErrors("good.md", good));
    }

    @Test
    void eachPhasePageQuotesItsCheckResetAndScenarios() throws IOException {
        for (int n = 1; n <= 6; n++) {
            Path page;
            final int phase = n;
            try (Stream<Path> s = Files.list(ROOT.resolve("mesh/workshop"))) {
                page = s.filter(p -> p.getFileName().toString().startsWith("phase-" + phase + "-")).findFirst().orElseThrow();
            }
            String text = Files.readString(page);
            String allCode = String.join("\n", code(text));
            assertTrue(allCode.contains("make phase-" + n + "-check"), page + " quotes make phase-" + n + "-check");
            assertTrue(allCode.contains("make phase-" + n + "-reset"), page + " quotes make phase-" + n + "-reset");
            Matcher para = Pattern.compile("(?ms)^The check runs:(.*?)(?:\\R\\s*\\R|\\z)").matcher(text);
            assertTrue(para.find(), page + " has a 'The check runs:' paragraph");
            Set<String> documented = new TreeSet<>();
            Matcher s = Pattern.compile("make scenario-([a-z-]+)").matcher(para.group(1));
            while (s.find()) {
                documented.add(s.group(1));
            }
            assertEquals(new TreeSet<>(Scenarios.PHASES.get(n)), documented, page.getFileName() + " 'The check runs:'");
        }
    }

    /** Every `Grafana dashboard "..."` the workshop pages name is a dashboard's title (what Grafana lists), not its uid. */
    @Test
    void dashboardsAreNamedByTheirTitles() throws IOException {
        Set<String> titles = new TreeSet<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("mesh/components/observability/dashboards"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                titles.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).path("title").asText());
            }
        }
        Pattern quoted = Pattern.compile("Grafana\\s+dashboard\\s+\"([^\"]+)\"");
        int named = 0;
        try (Stream<Path> s = Files.list(ROOT.resolve("mesh/workshop"))) {
            for (Path page : s.filter(p -> p.toString().endsWith(".md")).toList()) {
                Matcher m = quoted.matcher(Files.readString(page));
                while (m.find()) {
                    named++;
                    assertTrue(titles.contains(m.group(1)), page.getFileName() + " names dashboard \"" + m.group(1) + "\"; titles: " + titles);
                }
            }
        }
        assertTrue(named >= 3, "phase 6 names the app dashboard and both mesh dashboards, found " + named);
    }
}
