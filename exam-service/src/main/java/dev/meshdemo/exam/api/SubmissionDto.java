package dev.meshdemo.exam.api;

import dev.meshdemo.exam.domain.Grading;
import dev.meshdemo.exam.domain.Submission;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A scored submission: {@code correct} of {@code total} (all the exam's questions; unanswered ones are wrong),
 * {@code percent} rounded to a whole number, and per question the answer given (null if none) and whether it
 * was right. The correct choices themselves are not revealed.
 */
public record SubmissionDto(long submissionId, long examId, String userId, int correct, int total, int percent,
                            OffsetDateTime submittedAt, List<QuestionResult> results) {

    public record QuestionResult(long questionId,
                                 @Schema(nullable = true, description = "The label given; null if unanswered") String answer,
                                 boolean correct) {
    }

    static SubmissionDto of(Submission s) {
        return new SubmissionDto(s.id(), s.examId(), s.userId(), s.correct(), s.total(),
                Grading.percent(s.correct(), s.total()), s.submittedAt(),
                s.answers().stream().map(a -> new QuestionResult(a.questionId(), a.choice(), a.correct())).toList());
    }
}
