package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallGraphTest {
    static Path root() {
        return Settings.repoRoot("");
    }

    @Test
    void everyEdgeOfTheGraphIsAnAllowedPairAndNothingElse() {
        CallGraph g = CallGraph.read(root());
        List<String> callers = List.of("product-service", "cart-service", "order-service", "user-service", "exam-service",
                "scenario-outsider");
        List<CallGraph.Pair> pairs = g.pairs(callers, Cluster.SERVICES);
        long allowed = pairs.stream().filter(CallGraph.Pair::allowed).count();
        assertEquals(g.calls().size(), allowed, "each call of the graph is tried once as allowed");
        for (CallGraph.Edge e : g.calls()) {
            assertTrue(pairs.contains(new CallGraph.Pair(e.from(), e.route(), true)), e.toString());
        }
        assertTrue(pairs.stream().filter(p -> p.caller().equals("scenario-outsider")).noneMatch(CallGraph.Pair::allowed));
        assertTrue(pairs.stream().noneMatch(p -> p.caller().equals(p.route().service())), "nobody calls itself");
        assertTrue(pairs.size() > 50, pairs.size() + " pairs");
    }

    @Test
    void routesOfAServiceIncludeItsPublicOnesOnce() {
        CallGraph g = CallGraph.read(root());
        List<CallGraph.Route> cart = g.routesOf("cart-service");
        assertEquals(cart.size(), cart.stream().distinct().count());
        assertTrue(cart.contains(new CallGraph.Route("cart-service", "DELETE", "/cart/{userId}")));
        assertTrue(cart.contains(new CallGraph.Route("cart-service", "POST", "/cart/{userId}")));
        assertFalse(g.allows("cart-service", new CallGraph.Route("user-service", "GET", "/users/{id}")));
    }

    @Test
    void concretePathsReadSeededDataAndNeverWriteSomeoneElsesCart() {
        assertEquals("/products/1", CallGraph.concretePath(new CallGraph.Route("product-service", "GET", "/products/{id}"), "nobody"));
        assertEquals("/users/user1", CallGraph.concretePath(new CallGraph.Route("user-service", "GET", "/users/{id}"), "nobody"));
        assertEquals("/cart/nobody", CallGraph.concretePath(new CallGraph.Route("cart-service", "DELETE", "/cart/{userId}"), "nobody"));
        assertEquals("/cart/nobody/999999", CallGraph.concretePath(new CallGraph.Route("cart-service", "DELETE", "/cart/{userId}/{itemId}"), "nobody"));
        assertEquals("/exams/1/submissions/user1",
                CallGraph.concretePath(new CallGraph.Route("exam-service", "GET", "/exams/{id}/submissions/{userId}"), "nobody"));
    }
}
