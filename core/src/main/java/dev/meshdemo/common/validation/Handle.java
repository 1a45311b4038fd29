package dev.meshdemo.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.meshdemo.common.errors.Ids;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A user id or other handle ({@link Ids#HANDLE}), e.g. {@code user1}. Null is left to {@code @NotNull}. */
@Pattern(regexp = Ids.HANDLE)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RUNTIME)
@Target({PARAMETER, FIELD, METHOD, RECORD_COMPONENT})
public @interface Handle {

    String message() default "must be a lower-case letter followed by 1 to 31 of a-z, 0-9, '_' and '-'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
