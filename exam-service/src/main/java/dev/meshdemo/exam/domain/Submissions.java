package dev.meshdemo.exam.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Stores scored submissions. */
@ApplicationScoped
public class Submissions {

    /** Joins the caller's transaction (the idempotency claim), so the submission commits with the stored answer. */
    @Transactional
    public Submission record(long examId, String userId, Grading.Score score) {
        Submission submission = new Submission();
        submission.examId = examId;
        submission.userId = userId;
        submission.correct = score.correct();
        submission.total = score.total();
        // Set here, at PostgreSQL's precision, so the answer to the submit shows exactly the time that
        // GET /exams/{id}/submissions/{userId} reads back later.
        submission.submittedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        for (Grading.Result result : score.results()) {
            submission.answers.add(new SubmittedAnswer(result.questionId(), result.answer(), result.correct()));
        }
        submission.persist();
        return submission;
    }
}
