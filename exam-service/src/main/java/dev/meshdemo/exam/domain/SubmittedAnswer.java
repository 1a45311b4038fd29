package dev.meshdemo.exam.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One question of a submission: the choice given (null when left unanswered) and whether it was right. */
@Embeddable
public class SubmittedAnswer {

    @Column(name = "question_id", nullable = false)
    public long questionId;

    @Column(name = "choice")
    public String choice;

    @Column(name = "correct", nullable = false)
    public boolean correct;

    protected SubmittedAnswer() {
        // for Hibernate
    }

    public SubmittedAnswer(long questionId, String choice, boolean correct) {
        this.questionId = questionId;
        this.choice = choice;
        this.correct = correct;
    }
}
