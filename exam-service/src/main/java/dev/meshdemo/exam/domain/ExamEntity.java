package dev.meshdemo.exam.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An exam (table {@code exam}, seeded by Flyway; the API never writes it). Read as {@link Exam} projections. */
@Entity
@Table(name = "exam")
public class ExamEntity {

    @Id
    public Long id;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String description;
}
