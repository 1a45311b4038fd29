package dev.meshdemo.exam.api;

import dev.meshdemo.common.validation.Handle;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * The body of {@code POST /exams/{id}/submit}: question id -> chosen label. Which keys and labels are valid
 * depends on the exam, so that is checked by {@code Grading}; here only the shape.
 */
public record SubmitRequest(
        @NotNull @Handle String userId,
        @NotNull @Size(max = 100) Map<String, String> answers) {
}
