package dev.meshdemo.exam.domain;

import dev.meshdemo.common.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stores scored submissions and reads a user's history. */
@ApplicationScoped
public class Submissions {

    /** Newest first, at most this many: enough to show a user's history, bounded for a busy load test user. */
    public static final int HISTORY_LIMIT = 100;

    private final Sql sql;

    public Submissions(Sql sql) {
        this.sql = sql;
    }

    /**
     * Joins the caller's transaction (the idempotency claim), so the submission commits with the stored answer.
     * The answers keep the order of the score's results (the exam's question order).
     */
    @Transactional
    public Submission record(long examId, String userId, Grading.Score score) {
        // Set here, at PostgreSQL's precision, so the answer to the submit shows exactly the time that
        // GET /exams/{id}/submissions/{userId} reads back later.
        OffsetDateTime submittedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        long id = sql.first("""
                INSERT INTO submission (exam_id, user_id, correct, total, submitted_at) VALUES (?, ?, ?, ?, ?)
                RETURNING id""", row -> row.getLong(1), examId, userId, score.correct(), score.total(), submittedAt)
                .orElseThrow();
        List<SubmittedAnswer> answers = score.results().stream()
                .map(r -> new SubmittedAnswer(r.questionId(), r.answer(), r.correct())).toList();
        // All answers in one statement (one round trip): the columns as arrays, unnested side by side.
        sql.update("""
                INSERT INTO submission_answer (submission_id, question_id, choice, correct)
                SELECT ?, a.question_id, a.choice, a.correct
                FROM unnest(?::bigint[], ?::varchar[], ?::boolean[]) AS a (question_id, choice, correct)""",
                id,
                answers.stream().map(SubmittedAnswer::questionId).toArray(Long[]::new),
                answers.stream().map(SubmittedAnswer::choice).toArray(String[]::new),
                answers.stream().map(SubmittedAnswer::correct).toArray(Boolean[]::new));
        return new Submission(id, examId, userId, score.correct(), score.total(), submittedAt, answers);
    }

    /** A user's submissions of an exam, newest first (at most {@link #HISTORY_LIMIT}), answers by question id. */
    public List<Submission> history(long examId, String userId) {
        // One query: the page of submissions with their answers joined, one row per answer.
        List<AnswerRow> rows = sql.list("""
                SELECT s.id, s.correct, s.total, s.submitted_at, a.question_id, a.choice, a.correct AS answer_correct
                FROM (SELECT id, correct, total, submitted_at FROM submission
                      WHERE exam_id = ? AND user_id = ?
                      ORDER BY submitted_at DESC, id DESC LIMIT ?) s
                LEFT JOIN submission_answer a ON a.submission_id = s.id
                ORDER BY s.submitted_at DESC, s.id DESC, a.question_id""",
                Submissions::answerRow, examId, userId, HISTORY_LIMIT);
        Map<Long, AnswerRow> submissions = new LinkedHashMap<>();
        Map<Long, List<SubmittedAnswer>> answers = new HashMap<>();
        for (AnswerRow row : rows) {
            submissions.putIfAbsent(row.submissionId(), row);
            List<SubmittedAnswer> ofSubmission = answers.computeIfAbsent(row.submissionId(), id -> new ArrayList<>());
            if (row.answer() != null) {
                ofSubmission.add(row.answer());
            }
        }
        return submissions.values().stream().map(s -> new Submission(s.submissionId(), examId, userId, s.correct(),
                s.total(), s.submittedAt(), answers.get(s.submissionId()))).toList();
    }

    /** A row of the history query: a submission and one of its answers (null if it has none). */
    private record AnswerRow(long submissionId, int correct, int total, OffsetDateTime submittedAt,
                             SubmittedAnswer answer) {
    }

    private static AnswerRow answerRow(ResultSet row) throws SQLException {
        long questionId = row.getLong("question_id");
        SubmittedAnswer answer = row.wasNull() ? null
                : new SubmittedAnswer(questionId, row.getString("choice"), row.getBoolean("answer_correct"));
        return new AnswerRow(row.getLong("id"), row.getInt("correct"), row.getInt("total"),
                row.getObject("submitted_at", OffsetDateTime.class), answer);
    }
}
