package dev.meshdemo.exam.api;

import dev.meshdemo.exam.domain.Exam;

/** An exam in the list. */
public record ExamDto(long id, String title, String description, long questionCount) {

    static ExamDto of(Exam.Summary s) {
        return new ExamDto(s.id(), s.title(), s.description(), s.questionCount());
    }
}
