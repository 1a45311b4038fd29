package dev.meshdemo.exam.domain;

import java.util.List;

/**
 * A multiple-choice question with its choices in the order they are shown; an answer is one of these labels.
 * {@code correctChoice} is what grading compares with; it never leaves the service (the API's question DTO
 * has no such field).
 */
public record Question(long id, int position, String text, String correctChoice, List<String> choices) {

    public Question {
        choices = List.copyOf(choices);
    }
}
