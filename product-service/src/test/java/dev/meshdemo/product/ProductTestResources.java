package dev.meshdemo.product;

import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** What every product-service {@code @QuarkusTest} runs against, declared on each test class: its own PostgreSQL database. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "product-service"))
public @interface ProductTestResources {
}
