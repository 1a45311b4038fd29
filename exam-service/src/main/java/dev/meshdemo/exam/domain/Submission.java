package dev.meshdemo.exam.domain;

import java.time.OffsetDateTime;
import java.util.List;

/** A scored submission of one exam by one user, with one answer per question of the exam. */
public record Submission(long id, long examId, String userId, int correct, int total, OffsetDateTime submittedAt,
                         List<SubmittedAnswer> answers) {

    public Submission {
        answers = List.copyOf(answers);
    }
}
