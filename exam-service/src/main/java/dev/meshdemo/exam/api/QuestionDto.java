package dev.meshdemo.exam.api;

import dev.meshdemo.exam.domain.Question;
import java.util.List;

/** A question as a candidate sees it: the choices, never which one is correct. */
public record QuestionDto(long id, int position, String text, List<String> choices) {

    static QuestionDto of(Question q) {
        return new QuestionDto(q.id(), q.position(), q.text(), q.choices());
    }
}
