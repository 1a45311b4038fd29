package dev.meshdemo.user.api;

import dev.meshdemo.common.validation.Handle;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /users}. */
public record NewUser(
        @NotNull @Handle String id,
        @NotBlank @Size(max = 100) String name,
        // Hibernate Validator's @Email accepts "a@b"; a reference app wants a dotted domain as well.
        @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") String email) {
}
