package dev.meshdemo.exam.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.List;

/**
 * A multiple-choice question. {@link #correctChoice} is what grading compares with; it never leaves the
 * service (the API's question DTO has no such field).
 */
@Entity
@Table(name = "question")
public class Question extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "exam_id", nullable = false)
    public Long examId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String text;

    @Column(name = "correct_choice", nullable = false)
    public String correctChoice;

    /** The choices in the order they are shown; an answer is one of these labels. */
    @ElementCollection
    @CollectionTable(name = "question_choice", joinColumns = @JoinColumn(name = "question_id"))
    @OrderColumn(name = "position")
    @Column(name = "label", nullable = false)
    public List<String> choices;

    /** The questions of an exam in their order, choices included (one query). */
    public static List<Question> ofExam(long examId) {
        return find("from Question q left join fetch q.choices where q.examId = ?1 order by q.position", examId)
                .list();
    }
}
