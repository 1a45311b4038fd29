package dev.meshdemo.exam.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A scored submission (table {@code submission}); its answers are {@link SubmissionAnswer} rows. */
@Entity
@Table(name = "submission")
public class SubmissionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "exam_id", nullable = false)
    public long examId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public int correct;

    @Column(nullable = false)
    public int total;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;
}
