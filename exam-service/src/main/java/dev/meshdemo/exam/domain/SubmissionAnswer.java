package dev.meshdemo.exam.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One answer of a submission (table {@code submission_answer}; key: submission and question). */
@Entity
@Table(name = "submission_answer")
@IdClass(SubmissionAnswer.Key.class)
public class SubmissionAnswer {

    @Id
    @Column(name = "submission_id")
    public long submissionId;

    @Id
    @Column(name = "question_id")
    public long questionId;

    /** Null when the question was left unanswered. */
    public String choice;

    @Column(nullable = false)
    public boolean correct;

    /** The primary key (submission_id, question_id). */
    public static class Key implements Serializable {
        public long submissionId;
        public long questionId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.submissionId == submissionId && k.questionId == questionId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(submissionId, questionId);
        }
    }
}
