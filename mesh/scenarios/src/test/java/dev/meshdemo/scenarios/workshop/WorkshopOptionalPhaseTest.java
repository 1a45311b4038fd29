package dev.meshdemo.scenarios.workshop;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workshop phase 7 (optional, mesh/workshop/phase-7-multicluster.md) has the shape of the other phases without
 * their phase-N-check/-reset targets: it runs on two clusters of its own, so its check is
 * `make multicluster-status` + `make scenarios-multicluster` and its reset `make clusters-down`. Every phase
 * page on disk is in the workshop README's phase table and route. (WorkshopDocsTest checks its quoted targets,
 * paths, and the kind/EKS rules, as for every page.)
 */
class WorkshopOptionalPhaseTest {
    static final Path WORKSHOP = WorkshopDocsTest.ROOT.resolve("mesh/workshop");
    static final String PHASE_7 = "phase-7-multicluster.md";
    /** What phase 7 quotes in code: how to apply it for each mesh, its check, its reset. */
    static final List<String> PHASE_7_TARGETS = List.of("make clusters-up", "make multicluster MESH=istio",
            "make multicluster MESH=linkerd", "make multicluster-deploy MESH=", "make multicluster-status MESH=",
            "make scenarios-multicluster MESH=", "make clusters-down");
    /** A mesh CLI or kubectl command in a copy-paste block (after a line start, a separator or `$(`). */
    static final Pattern CLI = Pattern.compile("(?:^|[|;&(])\\s*(kubectl|istioctl|linkerd)\\s+([^|;&)]*)");
    /** What only the make targets do (mk/multicluster.mk), so that the page does not depend on their flags. */
    static final Pattern INSTALL = Pattern.compile("\\bkubectl\\b[^|;&]*\\s(?:apply|create)\\b"
            + "|\\bistioctl\\b[^|;&]*\\s(?:install|create-remote-secret)\\b|\\blinkerd\\b[^|;&]*\\s(?:install|upgrade|link|link-gen)\\b");

    /** The lines of a page's ```bash / ```sh blocks: what a participant copies (```text blocks are output). */
    static List<String> commandLines(String page) {
        List<String> lines = new ArrayList<>();
        boolean commands = false;
        boolean fenced = false;
        for (String line : page.split("\\R")) {
            if (line.startsWith("```")) {
                commands = !fenced && (line.equals("```bash") || line.equals("```sh"));
                fenced = !fenced;
                continue;
            }
            if (commands) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** What the phase 7 page must have and must not do: one line per defect. */
    static List<String> phase7Errors(String page) {
        List<String> errors = new ArrayList<>();
        String code = String.join("\n", WorkshopDocsTest.code(page));
        for (String target : PHASE_7_TARGETS) {
            if (!code.contains(target)) {
                errors.add("quotes `" + target + "...`");
            }
        }
        Matcher time = Pattern.compile("(?m)^\\*\\*Time\\*\\*:(.*(?:\\R(?!\\R).*)*)").matcher(page);
        if (!time.find() || !time.group(1).contains("estimate")) {
            errors.add("a **Time**: paragraph that says its figures are estimates");
        }
        if (!page.contains("```mermaid")) {
            errors.add("a diagram of the two clusters (```mermaid, as the workshop README)");
        }
        if (!page.contains("\n## Troubleshooting")) {
            errors.add("a ## Troubleshooting section");
        }
        Matcher check = Pattern.compile("(?ms)^The check runs:(.*?)(?:\\R\\s*\\R|\\z)").matcher(page);
        if (!check.find() || !check.group(1).contains("make multicluster-status") || !check.group(1).contains("make scenarios-multicluster")) {
            errors.add("a 'The check runs:' paragraph naming make multicluster-status and make scenarios-multicluster");
        }
        if (!Pattern.compile("(?m)^Reset[^\\n]*`make clusters-down`").matcher(page).find()) {
            errors.add("a 'Reset' paragraph with make clusters-down");
        }
        // Each step shows what to expect: a ```text block before the next heading.
        Matcher step = Pattern.compile("(?ms)^## (Step [^\\n]*)\\n(.*?)(?=^## |\\z)").matcher(page);
        int steps = 0;
        while (step.find()) {
            steps++;
            if (!step.group(2).contains("```text") && !step.group(2).contains("Expected")) {
                errors.add(step.group(1) + ": its expected output");
            }
        }
        if (steps < 4) {
            errors.add("the steps as ## Step N sections (found " + steps + ")");
        }
        for (String line : commandLines(page)) {
            Matcher m = CLI.matcher(line);
            while (m.find()) {
                String sub = m.group(2).trim();
                boolean local = sub.startsWith("config ") || sub.startsWith("kustomize ");
                if (!local && !sub.contains("--context")) {
                    errors.add("names its cluster with --context (two clusters, and kind leaves the current context on west): " + line.trim());
                }
            }
            if (INSTALL.matcher(line).find()) {
                errors.add("installs, links and deploys through the make targets only: " + line.trim());
            }
        }
        return errors;
    }

    @Test
    void phase7HasTheShapeOfTheOtherPhases() throws IOException {
        assertEquals(List.of(), phase7Errors(Files.readString(WORKSHOP.resolve(PHASE_7))));
    }

    @Test
    void thePhase7RulesRefuseWhatTheyShould() throws IOException {
        String good = Files.readString(WORKSHOP.resolve(PHASE_7));
        assertEquals(List.of(), phase7Errors(good));
        assertEquals(List.of("quotes `make clusters-down...`", "a 'Reset' paragraph with make clusters-down"),
                phase7Errors(good.replace("make clusters-down", "kind delete cluster")));
        assertEquals(List.of("a **Time**: paragraph that says its figures are estimates"),
                phase7Errors(good.replaceAll("estimates, not measured", "measured")));
        assertTrue(phase7Errors(good.replace("```mermaid", "```")).contains("a diagram of the two clusters (```mermaid, as the workshop README)"));
        assertEquals(List.of("a ## Troubleshooting section"), phase7Errors(good.replace("## Troubleshooting", "## Problems")));
        String noExpected = "## Step 1: x\n```bash\nmake clusters-up\n```\n## Step 2: y\n";
        assertTrue(phase7Errors(noExpected).contains("Step 1: x: its expected output"), phase7Errors(noExpected).toString());
        String bare = "```bash\nkubectl -n meshdemo get pods\nkubectl --context kind-meshdemo-east -n meshdemo get pods\n"
                + "export EAST=$(kubectl config get-contexts -o name | grep east)\nistioctl remote-clusters\n"
                + "linkerd --context kind-meshdemo-east multicluster link --cluster-name east | kubectl --context kind-meshdemo-west apply -f -\n"
                + "```\nin prose `linkerd multicluster gateways` is a name, not a command\n";
        List<String> errors = phase7Errors(bare).stream().filter(e -> e.startsWith("names") || e.startsWith("installs")).toList();
        assertEquals(List.of(
                "names its cluster with --context (two clusters, and kind leaves the current context on west): kubectl -n meshdemo get pods",
                "names its cluster with --context (two clusters, and kind leaves the current context on west): istioctl remote-clusters",
                "installs, links and deploys through the make targets only: linkerd --context kind-meshdemo-east multicluster link --cluster-name east | kubectl --context kind-meshdemo-west apply -f -"),
                errors);
    }

    /** The phase pages on disk, in order: phase-1-... to phase-N-... with no gap. */
    static List<String> phasePages() throws IOException {
        try (Stream<Path> s = Files.list(WORKSHOP)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("phase-\\d+-.*\\.md")).sorted(
                    java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(6, n.indexOf('-', 6))))).toList();
        }
    }

    /** Each phase page is a row of the README's phase table (`| N ... | [page](page)`) and linked from its route. */
    static List<String> tableErrors(String readme, List<String> pages) {
        List<String> errors = new ArrayList<>();
        String route = readme.contains("## Your route through the day") ? readme.substring(readme.indexOf("## Your route through the day")) : "";
        for (String page : pages) {
            String n = page.substring(6, page.indexOf('-', 6));
            if (!Pattern.compile("(?m)^\\| " + n + "( \\(optional\\))? \\| \\[" + Pattern.quote(page) + "\\]\\(" + Pattern.quote(page) + "\\)").matcher(readme).find()) {
                errors.add(page + ": a row of the phase table");
            }
            if (!route.contains("](" + page + ")")) {
                errors.add(page + ": linked from the route through the day");
            }
        }
        return errors;
    }

    @Test
    void everyPhasePageIsInTheReadmeTables() throws IOException {
        List<String> pages = phasePages();
        assertEquals(7, pages.size(), pages.toString());
        for (int i = 0; i < pages.size(); i++) {
            assertTrue(pages.get(i).startsWith("phase-" + (i + 1) + "-"), "phase " + (i + 1) + ": " + pages);
        }
        assertEquals(PHASE_7, pages.get(6));
        assertEquals(List.of(), tableErrors(Files.readString(WORKSHOP.resolve("README.md")), pages));
    }

    @Test
    void theTableRuleRefusesAMissingRow() throws IOException {
        String readme = Files.readString(WORKSHOP.resolve("README.md"));
        List<String> pages = phasePages();
        String withoutRow = readme.replaceAll("(?m)^\\| 7 \\(optional\\) \\|[^\\n]*\\n", "");
        assertEquals(List.of(PHASE_7 + ": a row of the phase table"), tableErrors(withoutRow, pages));
        String withoutRoute = readme.replaceAll("(?m)^\\| 12\\. phase 7[^\\n]*\\n", "");
        assertEquals(List.of(PHASE_7 + ": linked from the route through the day"), tableErrors(withoutRoute, pages));
    }
}
