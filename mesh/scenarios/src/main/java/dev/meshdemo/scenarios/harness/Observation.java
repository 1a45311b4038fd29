package dev.meshdemo.scenarios.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measurement as a result shows it: under which condition (the treatment, or the control it is compared
 * with), a one-line summary with the numbers, and the numbers themselves for the JSON result.
 */
public record Observation(String condition, String summary, Map<String, Object> values) {
    public Observation {
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Observation of(String condition, String summary) {
        return new Observation(condition, summary, Map.of());
    }

    public static Observation of(String condition, String summary, Map<String, Object> values) {
        return new Observation(condition, summary, values);
    }

    @Override
    public String toString() {
        return condition == null || condition.isEmpty() ? summary : summary + " (" + condition + ")";
    }
}
