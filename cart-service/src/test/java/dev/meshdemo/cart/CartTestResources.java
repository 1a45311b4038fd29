package dev.meshdemo.cart;

import dev.meshdemo.cart.client.ProductServiceStub;
import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What every cart-service {@code @QuarkusTest} runs against, declared on each test class: its own PostgreSQL
 * database and a stub product-service (inject it with {@code @InjectStub(ProductClient.DEPENDENCY)}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "cart-service"))
@WithTestResource(ProductServiceStub.class)
public @interface CartTestResources {
}
