CREATE TABLE exam (
    id          BIGINT       PRIMARY KEY,
    title       VARCHAR(120) NOT NULL,
    description VARCHAR(500) NOT NULL
);

CREATE TABLE question (
    id             BIGINT       PRIMARY KEY,
    exam_id        BIGINT       NOT NULL REFERENCES exam (id),
    position       INTEGER      NOT NULL CHECK (position > 0),
    text           VARCHAR(500) NOT NULL,
    correct_choice VARCHAR(120) NOT NULL,
    UNIQUE (exam_id, position)
);

CREATE TABLE question_choice (
    question_id BIGINT       NOT NULL REFERENCES question (id),
    position    INTEGER      NOT NULL CHECK (position >= 0),
    label       VARCHAR(120) NOT NULL,
    PRIMARY KEY (question_id, position),
    UNIQUE (question_id, label)
);

-- The correct answer must be one of the question's choices. Deferred, because a question and its choices
-- reference each other and are inserted one after the other in the same transaction.
ALTER TABLE question ADD CONSTRAINT question_correct_choice_is_offered
    FOREIGN KEY (id, correct_choice) REFERENCES question_choice (question_id, label) DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE submission (
    id           BIGSERIAL   PRIMARY KEY,
    exam_id      BIGINT      NOT NULL REFERENCES exam (id),
    user_id      VARCHAR(32) NOT NULL,
    correct      INTEGER     NOT NULL CHECK (correct >= 0),
    total        INTEGER     NOT NULL CHECK (total > 0 AND correct <= total),
    submitted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX submission_by_exam_and_user ON submission (exam_id, user_id, submitted_at DESC);

-- One row per question of the exam; choice is NULL when the question was left unanswered (scored wrong).
CREATE TABLE submission_answer (
    submission_id BIGINT       NOT NULL REFERENCES submission (id),
    question_id   BIGINT       NOT NULL REFERENCES question (id),
    choice        VARCHAR(120),
    correct       BOOLEAN      NOT NULL,
    PRIMARY KEY (submission_id, question_id)
);
