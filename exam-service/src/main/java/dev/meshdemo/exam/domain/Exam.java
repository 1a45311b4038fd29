package dev.meshdemo.exam.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** An exam. Ids are stable (seeded by Flyway) so that scenarios and load tests can name them. */
@Entity
@Table(name = "exam")
public class Exam extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String description;

    /** An exam with the number of its questions, for the list. */
    public record Summary(long id, String title, String description, long questionCount) {
    }

    public static List<Summary> summaries() {
        return getEntityManager().createQuery("""
                select new dev.meshdemo.exam.domain.Exam$Summary(e.id, e.title, e.description, count(q.id))
                from Exam e left join Question q on q.examId = e.id
                group by e.id, e.title, e.description order by e.id""", Summary.class).getResultList();
    }
}
