package dev.meshdemo.exam.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads exams and their questions (Flyway seeds them; the API never writes them): the repository of {@link ExamEntity}. */
@ApplicationScoped
public class Exams implements PanacheRepository<ExamEntity> {

    /** A question with one of its choices: a row of {@link #questions}. */
    public record QuestionChoiceRow(long id, int position, String text, String correctChoice, String label) {
    }

    /** Every exam with the number of its questions, by id. */
    public List<Exam> all() {
        return getEntityManager().createQuery("""
                select e.id, e.title, e.description, count(q.id)
                from ExamEntity e left join QuestionEntity q on q.examId = e.id
                group by e.id, e.title, e.description order by e.id""", Exam.class).getResultList();
    }

    /** A select, not Panache's count(), whose count query Hibernate builds and translates again per call. */
    public boolean exists(long examId) {
        return getEntityManager().createQuery("select count(*) from ExamEntity where id = ?1", Long.class)
                .setParameter(1, examId).getSingleResult() > 0;
    }

    /** The questions of an exam in their order, each with its choices in theirs (one query; empty if no such exam). */
    public List<Question> questions(long examId) {
        // An inner join loses no question: the deferred foreign key on correct_choice gives each at least one choice.
        List<QuestionChoiceRow> rows = getEntityManager().createQuery("""
                select q.id, q.position, q.text, q.correctChoice, c.label
                from QuestionEntity q join QuestionChoice c on c.questionId = q.id
                where q.examId = ?1 order by q.position, c.position""", QuestionChoiceRow.class)
                .setParameter(1, examId).getResultList();
        List<Question> questions = new ArrayList<>();
        List<String> choices = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            QuestionChoiceRow row = rows.get(i);
            choices.add(row.label());
            if (i + 1 == rows.size() || rows.get(i + 1).id() != row.id()) {
                questions.add(new Question(row.id(), row.position(), row.text(), row.correctChoice(), choices));
                choices = new ArrayList<>();
            }
        }
        return questions;
    }
}
