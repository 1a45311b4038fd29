package dev.meshdemo.common.client;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the fault tolerance metrics after the dependency: every {@code ft_*} meter gets a {@code dependency}
 * tag, the name of the policy ({@code @ApplyGuard}) of the guarded method, so that
 * {@code ft_retry_retries_total{dependency="product-service"}} counts the retries of every call to
 * product-service whichever REST client method made it (SmallRye tags them only with the method, which for a
 * REST client is its generated CDI wrapper). A meter of an unguarded method is tagged {@code none}: Prometheus
 * wants one set of tag keys per metric name.
 */
public class DependencyMetrics {

    static final String TAG = "dependency";
    static final String NONE = "none";

    private static final Map<String, String> DEPENDENCY_OF_METHOD = new ConcurrentHashMap<>();

    @Produces
    @Singleton
    MeterFilter tagFaultToleranceMetricsWithTheDependency() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("ft.") || id.getTag(TAG) != null) {
                    return id;
                }
                String method = id.getTag("method");
                String dependency = method == null ? NONE
                        : DEPENDENCY_OF_METHOD.computeIfAbsent(method, DependencyMetrics::dependencyOf);
                return id.withTag(Tag.of(TAG, dependency));
            }
        };
    }

    /** {@code com.example.FooClient$$CDIWrapper.get} -> the value of the {@code @ApplyGuard} that applies to it. */
    static String dependencyOf(String qualifiedMethod) {
        int dot = qualifiedMethod.lastIndexOf('.');
        if (dot <= 0) {
            return NONE;
        }
        try {
            Class<?> type = Class.forName(qualifiedMethod.substring(0, dot), false,
                    Thread.currentThread().getContextClassLoader());
            String found = guardOf(type, qualifiedMethod.substring(dot + 1));
            return found != null ? found : NONE;
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
    }

    private static String guardOf(Class<?> type, String methodName) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(methodName) && m.isAnnotationPresent(ApplyGuard.class)) {
                return m.getAnnotation(ApplyGuard.class).value();
            }
        }
        if (type.isAnnotationPresent(ApplyGuard.class)) {
            return type.getAnnotation(ApplyGuard.class).value();
        }
        // a REST client's CDI wrapper implements the annotated interface
        for (Class<?> implemented : type.getInterfaces()) {
            String found = guardOf(implemented, methodName);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
