package dev.meshdemo.exam.domain;

/**
 * An exam as listed, with the number of its questions. Ids are stable (seeded by Flyway) so that scenarios
 * and load tests can name them.
 */
public record Exam(long id, String title, String description, long questionCount) {
}
