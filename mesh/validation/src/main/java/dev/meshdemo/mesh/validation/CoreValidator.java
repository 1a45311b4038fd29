package dev.meshdemo.mesh.validation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict validation of core Kubernetes kinds with the fabric8 model. The model keeps unknown fields in
 * {@code additionalProperties} instead of failing, so after reading an object every nested model object is
 * walked and any field that landed there is reported: a misspelled {@code imagee} is an error, as it is for
 * {@code kubectl apply} (strict field validation).
 */
public final class CoreValidator {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    /** The core kinds the manifests use; anything else must come with a CRD schema. */
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/Secret", Secret.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class);

    private CoreValidator() {
    }

    public static boolean knows(JsonNode o) {
        return KINDS.containsKey(key(o));
    }

    private static String key(JsonNode o) {
        return o.path("apiVersion").asText() + "/" + o.path("kind").asText();
    }

    public static List<String> validate(JsonNode o) {
        Class<?> type = KINDS.get(key(o));
        if (type == null) {
            return List.of(Render.id(o) + ": no strict model for " + key(o));
        }
        return validateAs(o, type, Render.id(o));
    }

    /** Metadata of custom resources: the API server validates it like any other object's. */
    public static List<String> validateMetadata(JsonNode o) {
        return validateAs(o.path("metadata"), ObjectMeta.class, Render.id(o) + " metadata");
    }

    private static List<String> validateAs(JsonNode node, Class<?> type, String where) {
        List<String> errors = new ArrayList<>();
        Object model;
        try {
            model = MAPPER.treeToValue(node, type);
        } catch (Exception e) {
            errors.add(where + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
            return errors;
        }
        walk(model, "", where, errors);
        return errors;
    }

    private static void walk(Object value, String path, String where, List<String> errors) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", where, errors);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, where, errors));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = m.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> errors.add(where + ": unknown field " + (path.isEmpty() ? "" : path.substring(1) + ".") + k));
                }
                continue;
            }
            String property = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            walk(child, path + "." + property, where, errors);
        }
    }
}
