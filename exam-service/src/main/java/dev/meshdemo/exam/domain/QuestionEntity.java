package dev.meshdemo.exam.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A question of an exam (table {@code question}). The exam is its id, not an association: every read is a
 * projection that joins what it needs, so nothing is ever loaded lazily.
 */
@Entity
@Table(name = "question")
public class QuestionEntity {

    @Id
    public Long id;

    @Column(name = "exam_id", nullable = false)
    public long examId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String text;

    @Column(name = "correct_choice", nullable = false)
    public String correctChoice;
}
