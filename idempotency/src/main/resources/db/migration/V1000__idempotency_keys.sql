-- Idempotency-Key records, shared by the services that take an Idempotency-Key (order, exam).
-- The primary key is the lock: a concurrent duplicate's INSERT waits for the first transaction and then
-- finds the committed record, so a key is executed at most once.
CREATE TABLE idempotency_keys (
    scope           VARCHAR(100) NOT NULL,
    idem_key        VARCHAR(200) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    response_status INTEGER,
    content_type    VARCHAR(100),
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, idem_key)
);
