-- The risk manager's state, one row per account, replaced on every change: what a restart resumes
-- from (daily loss, equity and peak, losses in a row, the trading state and an emergency stop with
-- its reasons, open trades, the recent trade history).
CREATE TABLE risk_state (
    account    text        PRIMARY KEY,
    state      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Every risk decision and change of state, with the inputs it was made from. Append-only: a
-- trigger refuses to change or remove a row.
CREATE TABLE risk_audit (
    id      bigserial   PRIMARY KEY,
    account text        NOT NULL,
    at      timestamptz NOT NULL,
    kind    text        NOT NULL,
    record  jsonb       NOT NULL
);
CREATE INDEX risk_audit_account_at ON risk_audit (account, at);

CREATE FUNCTION risk_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'risk_audit is append-only: % refused', TG_OP;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER risk_audit_no_change BEFORE UPDATE OR DELETE ON risk_audit
    FOR EACH ROW EXECUTE FUNCTION risk_audit_append_only();
