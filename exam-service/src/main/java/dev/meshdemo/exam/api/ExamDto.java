package dev.meshdemo.exam.api;

import dev.meshdemo.exam.domain.Exam;

/** An exam in the list. */
public record ExamDto(long id, String title, String description, long questionCount) {

    static ExamDto of(Exam e) {
        return new ExamDto(e.id(), e.title(), e.description(), e.questionCount());
    }
}
