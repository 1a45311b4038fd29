-- The primary key is what makes a duplicate id a 409, also when two creations race.
CREATE TABLE users (
    id         VARCHAR(32)  PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_-]{1,31}$'),
    name       VARCHAR(100) NOT NULL CHECK (length(name) > 0),
    email      VARCHAR(254) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
