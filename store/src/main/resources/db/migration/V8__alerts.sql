-- The alert manager's history: every change of an alert's state, and every attempt to notify a
-- channel with its outcome. Append-only; read newest first by state, severity and time for the API.
CREATE TABLE alert_states (
    id              bigserial   PRIMARY KEY,
    at              timestamptz NOT NULL,
    fingerprint     text        NOT NULL,
    name            text        NOT NULL,
    severity        text        NOT NULL,
    status          text        NOT NULL,
    labels          jsonb       NOT NULL,
    annotations     jsonb       NOT NULL,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz,
    resolved_reason text
);
CREATE INDEX alert_states_at ON alert_states (at DESC, id DESC);
CREATE INDEX alert_states_status_severity_at ON alert_states (status, severity, at DESC, id DESC);
CREATE INDEX alert_states_fingerprint ON alert_states (fingerprint, at DESC);

CREATE TABLE alert_notification_attempts (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL,
    channel      text        NOT NULL,
    group_key    text        NOT NULL,
    fingerprints text[]      NOT NULL,
    status       text        NOT NULL,
    attempt      integer     NOT NULL,
    outcome      text        NOT NULL,
    reason       text        NOT NULL
);
CREATE INDEX alert_notification_attempts_at ON alert_notification_attempts (at DESC, id DESC);
CREATE INDEX alert_notification_attempts_fingerprints ON alert_notification_attempts USING gin (fingerprints);
