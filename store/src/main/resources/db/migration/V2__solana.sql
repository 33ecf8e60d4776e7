-- Solana data as chainwatch saw it. Signatures and public keys are bytea (64 and 32 bytes: a third
-- of the size of base58 text); show them with encode(x, 'hex'), base58 is the application's.
-- Unsigned 64-bit integers (u64: lamports, token amounts, reserves) are numeric(20,0): 2^64-1 has
-- 20 digits, and numeric is exact, also above the largest bigint.

-- Commitment levels in their order, for "raise, never lower". Inlined by the planner.
CREATE FUNCTION solana_commitment_rank(level text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE level WHEN 'processed' THEN 0 WHEN 'confirmed' THEN 1 WHEN 'finalized' THEN 2 END $$;

-- Every decoded pump.fun and PumpSwap event, keyed by its transaction's signature and its position
-- in that transaction: the same on every delivery from every endpoint, so every write is idempotent.
-- A transaction lands in one slot of the surviving fork, but may have been seen in a slot of a
-- fork that died: slot is where it is now believed to be, and events of slots that turned out
-- skipped or dead stay, with retracted = true. mint, trader, sol_amount, token_amount and is_buy are
-- filled for the events that have them (trades: all of them); fields holds every IDL-named field.
CREATE TABLE solana_events (
    signature    bytea         NOT NULL CHECK (octet_length(signature) = 64),
    event_index  integer       NOT NULL CHECK (event_index >= 0),
    slot         bigint        NOT NULL CHECK (slot >= 0),
    -- Position of the transaction in its block, when the source says (logsSubscribe does not).
    tx_index     integer       CHECK (tx_index >= 0),
    block_time   timestamptz,
    program      bytea         NOT NULL CHECK (octet_length(program) = 32),
    program_name text          NOT NULL,
    kind         text          NOT NULL,
    commitment   text          NOT NULL CHECK (commitment IN ('processed', 'confirmed', 'finalized')),
    retracted    boolean       NOT NULL DEFAULT false,
    mint         bytea         CHECK (octet_length(mint) = 32),
    trader       bytea         CHECK (octet_length(trader) = 32),
    sol_amount   numeric(20, 0),
    token_amount numeric(20, 0),
    is_buy       boolean,
    fields       jsonb         NOT NULL DEFAULT '{}',
    PRIMARY KEY (signature, event_index)
);

-- Events of a mint, latest first (the API's reads).
CREATE INDEX solana_events_by_mint ON solana_events (mint, slot) WHERE mint IS NOT NULL;
-- Events of a slot range: commitment upgrades, retractions, replays; and max(slot) for the fast path.
CREATE INDEX solana_events_by_slot ON solana_events (slot);

-- Latest known state of every pump.fun bonding curve.
CREATE TABLE pump_curves (
    mint                   bytea          PRIMARY KEY CHECK (octet_length(mint) = 32),
    status                 text           NOT NULL CHECK (status IN ('created', 'trading', 'complete', 'migrated')),
    creator                bytea          CHECK (octet_length(creator) = 32),
    virtual_token_reserves numeric(20, 0) NOT NULL,
    virtual_sol_reserves   numeric(20, 0) NOT NULL,
    real_token_reserves    numeric(20, 0) NOT NULL,
    real_sol_reserves      numeric(20, 0) NOT NULL,
    token_total_supply     numeric(20, 0) NOT NULL,
    complete               boolean        NOT NULL,
    buy_volume_lamports    numeric(30, 0) NOT NULL,
    sell_volume_lamports   numeric(30, 0) NOT NULL,
    trades                 bigint         NOT NULL CHECK (trades >= 0),
    created_slot           bigint,
    last_trade_slot        bigint,
    last_trade_signature   bytea          CHECK (octet_length(last_trade_signature) = 64),
    updated_slot           bigint         NOT NULL,
    CHECK ((last_trade_slot IS NULL) = (last_trade_signature IS NULL))
);

-- Most recently active first, of all curves or of one status. Nearly every curve is trading, and a
-- trade moves its row in the activity index: the status index leaves trading curves out, so that a
-- trade does not move them there too (trading curves are found by the activity index, filtered).
CREATE INDEX pump_curves_by_activity ON pump_curves (updated_slot DESC, mint);
CREATE INDEX pump_curves_by_status ON pump_curves (status, updated_slot DESC, mint) WHERE status <> 'trading';

-- Per ingest feed: every slot up to slot is handled (stored, known skipped, or recorded lost).
-- Ingestion resumes after it; it never moves past a gap that is not filled or recorded lost.
CREATE TABLE solana_checkpoints (
    feed       text        PRIMARY KEY,
    slot       bigint      NOT NULL CHECK (slot >= 0),
    updated_at timestamptz NOT NULL
);

-- Permanent gaps: slots still missing after the last retry. Reported, never passed over silently.
CREATE TABLE solana_lost_slots (
    slot        bigint      PRIMARY KEY,
    reason      text        NOT NULL,
    recorded_at timestamptz NOT NULL
);
