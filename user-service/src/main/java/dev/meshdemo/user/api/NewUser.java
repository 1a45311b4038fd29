package dev.meshdemo.user.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /users}. The id pattern is {@code Ids.HANDLE} of meshdemo-common (annotations need a
 * constant expression, so it is repeated here; a test checks that the two agree).
 */
public record NewUser(
        @NotNull @Pattern(regexp = NewUser.HANDLE, message = "must match " + NewUser.HANDLE) String id,
        @NotBlank @Size(max = 100) String name,
        // Hibernate Validator's @Email accepts "a@b"; a reference app wants a dotted domain as well.
        @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") String email) {

    static final String HANDLE = "[a-z][a-z0-9_-]{1,31}";
}
