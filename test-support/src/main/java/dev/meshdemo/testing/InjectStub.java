package dev.meshdemo.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link StubServer} field of a test that {@link DependencyStubs} fills with the stub playing the named
 * dependency: {@code @InjectStub("product-service") StubServer products;}. The stub is the one the service under
 * test was configured with, so a test never reaches it through a static.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectStub {

    /** The dependency's name, as in {@code quarkus.rest-client.<name>.url} and mesh/call-graph.yaml. */
    String value();
}
