package dev.meshdemo.exam;

import dev.meshdemo.exam.client.UserServiceStub;
import dev.meshdemo.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What every exam-service {@code @QuarkusTest} runs against, declared on each test class: its own PostgreSQL
 * database and a stub user-service ({@link UserServiceStub}; inject it with {@code @InjectStub(UserClient.DEPENDENCY)}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "service", value = "exam-service"))
@WithTestResource(UserServiceStub.class)
public @interface ExamTestResources {
}
