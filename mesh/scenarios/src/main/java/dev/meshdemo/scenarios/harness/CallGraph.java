package dev.meshdemo.scenarios.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * mesh/call-graph.yaml: the calls the mesh must allow (caller, callee, method, path template) and the public
 * routes of each service. The authorization scenario tries every (caller, route) pair it gives.
 */
public record CallGraph(List<Edge> calls, List<Route> publicRoutes) {

    public record Route(String service, String method, String template) {
    }

    public record Edge(String from, Route route) {
    }

    /** One request to try: who calls which route, and whether the graph allows it. */
    public record Pair(String caller, Route route, boolean allowed) {
        public String label() {
            return caller + "->" + route.service() + " " + route.method() + " " + route.template();
        }
    }

    public static CallGraph read(Path repoRoot) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(repoRoot.resolve("mesh/call-graph.yaml").toFile());
            List<Edge> calls = new ArrayList<>();
            for (JsonNode c : root.path("calls")) {
                calls.add(new Edge(c.path("from").asText(), new Route(c.path("to").asText(), c.path("method").asText(),
                        c.path("path").asText())));
            }
            List<Route> pub = new ArrayList<>();
            for (JsonNode p : root.path("public")) {
                pub.add(new Route(p.path("to").asText(), p.path("method").asText(), p.path("path").asText()));
            }
            if (calls.isEmpty() || pub.isEmpty()) {
                throw new IllegalStateException("mesh/call-graph.yaml has no calls or no public routes");
            }
            return new CallGraph(List.copyOf(calls), List.copyOf(pub));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every route the graph names for a service (its calls and its public routes), in order, once each. */
    public List<Route> routesOf(String service) {
        Set<Route> routes = new LinkedHashSet<>();
        calls.stream().map(Edge::route).filter(r -> r.service().equals(service)).forEach(routes::add);
        publicRoutes.stream().filter(r -> r.service().equals(service)).forEach(routes::add);
        return List.copyOf(routes);
    }

    public boolean allows(String caller, Route route) {
        return calls.stream().anyMatch(e -> e.from().equals(caller) && e.route().equals(route));
    }

    /** Every (caller, route of another service) pair, each marked allowed or not by the graph. */
    public List<Pair> pairs(List<String> callers, List<String> services) {
        List<Pair> pairs = new ArrayList<>();
        for (String caller : callers) {
            for (String service : services) {
                if (service.equals(caller)) {
                    continue;
                }
                for (Route r : routesOf(service)) {
                    pairs.add(new Pair(caller, r, allows(caller, r)));
                }
            }
        }
        return pairs;
    }

    /**
     * A concrete path for a template: seeded ids to read (products 1, users user1, exams 1), a fresh user for
     * what would change a cart, an item that does not exist. Nothing a refused-or-not request does is kept.
     */
    public static String concretePath(Route r, String freshUser) {
        boolean writesCart = r.service().equals("cart-service") && !r.method().equals("GET");
        String p = r.template();
        p = p.replace("{userId}", writesCart ? freshUser : "user1").replace("{itemId}", "999999");
        if (p.startsWith("/users/")) {
            p = p.replace("{id}", "user1");
        }
        return p.replace("{id}", "1");
    }
}
