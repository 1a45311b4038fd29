package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A scenario class: one per feature. Its {@code @Test} methods are the named steps (their {@code @DisplayName}),
 * run in {@code @Order}; each takes the {@link ScenarioContext}. What a step changes it registers with the
 * context's clean-up, which runs when the class ends, on failure and on Ctrl-C.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ScenarioExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public @interface Scenario {
    /** The name make uses: scenario-NAME. */
    String value();

    /** Runs against the local suite too (the mesh-independent checks). */
    boolean local() default false;

    /** Runs on a cluster (false: local only). */
    boolean cluster() default true;
}
