package dev.meshdemo.exam.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Stores scored submissions and reads a user's history: the repository of {@link SubmissionEntity}. */
@ApplicationScoped
public class Submissions implements PanacheRepository<SubmissionEntity> {

    /** Newest first, at most this many: enough to show a user's history, bounded for a busy load test user. */
    public static final int HISTORY_LIMIT = 100;

    /** A submission as listed (its answers are read in a second query). */
    public record Summary(long id, int correct, int total, Instant submittedAt) {
    }

    /** An answer as read, with the submission it belongs to. */
    public record AnswerRow(long submissionId, long questionId, String choice, boolean correct) {
    }

    /**
     * Joins the caller's transaction (the idempotency claim), so the submission commits with the stored answer.
     * The answers keep the order of the score's results (the exam's question order).
     */
    @Transactional
    public Submission record(long examId, String userId, Grading.Score score) {
        // Set here, at PostgreSQL's precision, so the answer to the submit shows exactly the time that
        // GET /exams/{id}/submissions/{userId} reads back later.
        Instant submittedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SubmissionEntity submission = new SubmissionEntity();
        submission.examId = examId;
        submission.userId = userId;
        submission.correct = score.correct();
        submission.total = score.total();
        submission.submittedAt = submittedAt;
        persist(submission); // an identity column: inserted now, for its id
        List<SubmittedAnswer> answers = score.results().stream()
                .map(r -> new SubmittedAnswer(r.questionId(), r.answer(), r.correct())).toList();
        for (SubmittedAnswer answer : answers) {
            SubmissionAnswer row = new SubmissionAnswer();
            row.submissionId = submission.id;
            row.questionId = answer.questionId();
            row.choice = answer.choice();
            row.correct = answer.correct();
            // Assigned keys: the inserts wait for the flush, one JDBC batch (jdbc.statement-batch-size).
            getEntityManager().persist(row);
        }
        return new Submission(submission.id, examId, userId, score.correct(), score.total(),
                submittedAt.atOffset(ZoneOffset.UTC), answers);
    }

    /** A user's submissions of an exam, newest first (at most {@link #HISTORY_LIMIT}), answers by question id. */
    public List<Submission> history(long examId, String userId) {
        // Two queries: the page of submissions, then the answers of that page (no join fetch with a page).
        List<Summary> page = find("examId = ?1 and userId = ?2", Sort.descending("submittedAt", "id"), examId, userId)
                .page(Page.ofSize(HISTORY_LIMIT)).project(Summary.class).list();
        if (page.isEmpty()) {
            return List.of();
        }
        List<AnswerRow> rows = getEntityManager().createQuery("""
                select a.submissionId, a.questionId, a.choice, a.correct
                from SubmissionAnswer a where a.submissionId in ?1 order by a.questionId""", AnswerRow.class)
                .setParameter(1, page.stream().map(Summary::id).toList()).getResultList();
        Map<Long, List<SubmittedAnswer>> answers = new HashMap<>();
        for (AnswerRow row : rows) {
            answers.computeIfAbsent(row.submissionId(), id -> new ArrayList<>())
                    .add(new SubmittedAnswer(row.questionId(), row.choice(), row.correct()));
        }
        return page.stream().map(s -> new Submission(s.id(), examId, userId, s.correct(), s.total(),
                OffsetDateTime.ofInstant(s.submittedAt(), ZoneOffset.UTC),
                answers.getOrDefault(s.id(), List.of()))).toList();
    }
}
