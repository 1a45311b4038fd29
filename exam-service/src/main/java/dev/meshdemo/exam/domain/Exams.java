package dev.meshdemo.exam.domain;

import dev.meshdemo.common.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/** Reads exams and their questions (Flyway seeds them; the API never writes them). */
@ApplicationScoped
public class Exams {

    private final Sql sql;

    public Exams(Sql sql) {
        this.sql = sql;
    }

    /** Every exam with the number of its questions, by id. */
    public List<Exam> all() {
        return sql.list("""
                SELECT e.id, e.title, e.description, count(q.id) AS question_count
                FROM exam e LEFT JOIN question q ON q.exam_id = e.id
                GROUP BY e.id, e.title, e.description ORDER BY e.id""",
                row -> new Exam(row.getLong("id"), row.getString("title"), row.getString("description"),
                        row.getLong("question_count")));
    }

    public boolean exists(long examId) {
        return sql.first("SELECT 1 FROM exam WHERE id = ?", row -> true, examId).isPresent();
    }

    /** The questions of an exam in their order, each with its choices in theirs (one query; empty if no such exam). */
    public List<Question> questions(long examId) {
        // An inner join loses no question: the deferred foreign key on correct_choice gives each at least one choice.
        return sql.list("""
                SELECT q.id, q.position, q.text, q.correct_choice, array_agg(c.label ORDER BY c.position) AS choices
                FROM question q JOIN question_choice c ON c.question_id = q.id
                WHERE q.exam_id = ?
                GROUP BY q.id ORDER BY q.position""",
                row -> new Question(row.getLong("id"), row.getInt("position"), row.getString("text"),
                        row.getString("correct_choice"), Arrays.asList((String[]) row.getArray("choices").getArray())),
                examId);
    }
}
