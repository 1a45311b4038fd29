package dev.meshdemo.exam.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * The body of {@code POST /exams/{id}/submit}: question id -> chosen label. Which keys and labels are valid
 * depends on the exam, so that is checked by {@code Grading}; here only the shape. The user id pattern is
 * {@code Ids.HANDLE} of meshdemo-common (a test checks that the two agree).
 */
public record SubmitRequest(
        @NotNull @Pattern(regexp = SubmitRequest.HANDLE, message = "must match " + SubmitRequest.HANDLE) String userId,
        @NotNull @Size(max = 100) Map<String, String> answers) {

    static final String HANDLE = "[a-z][a-z0-9_-]{1,31}";
}
