CREATE TABLE product (
    id          BIGINT PRIMARY KEY,
    name        VARCHAR(120)   NOT NULL,
    description VARCHAR(500)   NOT NULL,
    category    VARCHAR(40)    NOT NULL,
    price       NUMERIC(10, 2) NOT NULL CHECK (price > 0),
    currency    CHAR(3)        NOT NULL DEFAULT 'EUR'
);
