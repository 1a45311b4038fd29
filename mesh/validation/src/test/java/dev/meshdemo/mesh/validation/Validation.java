package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every check of one render, by name, so tests can run all of them or one. */
final class Validation {
    static final List<String> PORT_NOTES = new ArrayList<>();
    static final Map<String, Integer> PORTS = Contract.servicePorts(PORT_NOTES);

    static final Map<String, Function<Render, List<String>>> CHECKS = new java.util.LinkedHashMap<>();

    static {
        CHECKS.put("core kinds (fabric8, strict)", Validation::coreKinds);
        CHECKS.put("CRD kinds (schemas in MESH_CRDS_DIR)", Validation::crdKinds);
        CHECKS.put("selectors match pods", MeshRules::selectorsMatch);
        CHECKS.put("routes resolve (host, port, subset, parents, backends)", MeshRules::routesResolve);
        CHECKS.put("ServiceAccounts named in policies exist", MeshRules::serviceAccountsExist);
        CHECKS.put("authorization graph == call graph", MeshRules::authorizationGraph);
        CHECKS.put("non-idempotent routes retried only before the app", MeshRules::nonIdempotentRetriedOnlyBeforeTheApp);
        CHECKS.put("Istio: namespace-wide allow-nothing", DefaultDenyRules::istioAllowNothing);
        CHECKS.put("Linkerd: a Server for every pod port", DefaultDenyRules::linkerdServerForEveryPort);
        CHECKS.put("other workloads reachable exactly by what needs them", DefaultDenyRules::otherWorkloadsReachable);
        CHECKS.put("the entry open to clients without mesh identity", DefaultDenyRules::entryOpenToClientsWithoutIdentity);
        CHECKS.put("APP_MESH and APP_RESILIENCE per overlay", DefaultDenyRules::appSettingsPerOverlay);
        CHECKS.put("appProtocols known to the mesh", DefaultDenyRules::appProtocolsKnown);
        CHECKS.put("no proxy settings unused with native sidecars", DefaultDenyRules::noSettingsUnusedWithNativeSidecars);
        CHECKS.put("probes point at served paths", r -> MeshRules.probesServed(r, PORTS));
        CHECKS.put("ports agree with the services' configuration", r -> MeshRules.portsAgree(r, PORTS));
        CHECKS.put("ambient: no sidecars", AmbientRules::noSidecars);
        CHECKS.put("ambient: L7 policies target a waypoint", AmbientRules::waypointPoliciesTargetAWaypoint);
        CHECKS.put("ambient: every L7 feature has a waypoint", AmbientRules::everyL7FeatureHasAWaypoint);
    }

    private Validation() {
    }

    static List<String> coreKinds(Render r) {
        List<String> errors = new ArrayList<>();
        CrdSchemas crds = CrdSchemas.load();
        for (ObjectNode o : r.objects()) {
            if (CoreValidator.knows(o)) {
                errors.addAll(CoreValidator.validate(o));
            } else if (!crds.knows(o)) {
                errors.add(Render.id(o) + ": " + o.path("apiVersion").asText() + " is neither a known core kind nor a CRD in " + crds.dir());
            }
        }
        return errors;
    }

    static List<String> crdKinds(Render r) {
        List<String> errors = new ArrayList<>();
        CrdSchemas crds = CrdSchemas.load();
        for (ObjectNode o : r.objects()) {
            if (!CoreValidator.knows(o) && crds.knows(o)) {
                errors.addAll(CoreValidator.validateMetadata(o));
                errors.addAll(crds.validate(o));
            }
        }
        return errors;
    }

    static List<String> all(Render r) {
        List<String> errors = new ArrayList<>();
        CHECKS.forEach((name, check) -> check.apply(r).forEach(e -> errors.add(name + ": " + e)));
        return errors;
    }
}
