package dev.meshdemo.order;

import dev.meshdemo.order.client.Downstreams;
import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What every order-service {@code @QuarkusTest} runs against, declared on each test class: its own PostgreSQL
 * database and stubs of user-service, cart-service and product-service ({@link Downstreams}; inject them with
 * {@code @InjectStub(UserClient.DEPENDENCY)} and so on).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "order-service"))
@WithTestResource(Downstreams.class)
public @interface OrderTestResources {
}
