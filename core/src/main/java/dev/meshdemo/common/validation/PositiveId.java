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

/**
 * A numeric id in a path ({@link Ids#POSITIVE_ID}): 1 to 18 ASCII digits, no sign, no leading zero. Kept a
 * string until checked because JAX-RS would turn a failed {@code long} conversion into a 404, and
 * {@code Long.parseLong} reads non-ASCII digits.
 */
@Pattern(regexp = Ids.POSITIVE_ID)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RUNTIME)
@Target({PARAMETER, FIELD, METHOD, RECORD_COMPONENT})
public @interface PositiveId {

    String message() default "must be a positive integer of at most 18 ASCII digits";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
