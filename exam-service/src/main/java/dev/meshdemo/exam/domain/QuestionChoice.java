package dev.meshdemo.exam.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One choice of a question, at its position (table {@code question_choice}; key: question and position). */
@Entity
@Table(name = "question_choice")
@IdClass(QuestionChoice.Key.class)
public class QuestionChoice {

    @Id
    @Column(name = "question_id")
    public long questionId;

    @Id
    public int position;

    @Column(nullable = false)
    public String label;

    /** The primary key (question_id, position). */
    public static class Key implements Serializable {
        public long questionId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.questionId == questionId && k.position == position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(questionId, position);
        }
    }
}
