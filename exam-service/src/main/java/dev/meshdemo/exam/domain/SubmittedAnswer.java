package dev.meshdemo.exam.domain;

/** One question of a submission: the choice given (null when left unanswered) and whether it was right. */
public record SubmittedAnswer(long questionId, String choice, boolean correct) {
}
