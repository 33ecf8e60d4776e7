-- Silences set through the API, kept across restarts until deleted (or a day after they end).
CREATE TABLE alert_silences (
    id         text        PRIMARY KEY,
    matchers   text[]      NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    comment    text        NOT NULL
);
