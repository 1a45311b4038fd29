package dev.meshdemo.exam.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A scored submission of one exam by one user, with one answer row per question of the exam. */
@Entity
@Table(name = "submission")
public class Submission extends PanacheEntityBase {

    /** Newest first, at most this many: enough to show a user's history, bounded for a busy load test user. */
    public static final int HISTORY_LIMIT = 100;

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
    public OffsetDateTime submittedAt;

    @ElementCollection
    @CollectionTable(name = "submission_answer", joinColumns = @JoinColumn(name = "submission_id"))
    @OrderBy("questionId")
    public List<SubmittedAnswer> answers = new ArrayList<>();

    public static List<Submission> history(long examId, String userId) {
        return find("examId = ?1 and userId = ?2 order by submittedAt desc, id desc", examId, userId)
                .page(0, HISTORY_LIMIT).list();
    }
}
