-- Solana events are stored as rows of what cannot be derived, and read through the view solana_events,
-- which shows them as before (the same columns, names and values). Measured with binary COPY of a million
-- events into PostgreSQL 16 (bench/run-pg-event-layouts.sh, BENCHMARKS.md "What PostgreSQL spends per
-- Solana event, by layout"): a row's CPU goes mostly to its fields one by one, not to its bytes; the old
-- row's program (32 bytes), program name, kind and commitment as text and the trade's four columns, all
-- derivable, took about a third of it.
--
-- solana_event_rows keeps, per event, its key, its place, a kind code, the level it was stored at as a
-- rank, the retraction flag, the mint (queries select by it), and the event's bytes. The trade's columns
-- (trader, amounts, side) are stored only when the bytes do not say them: a pump TradeEvent's bytes hold
-- them at fixed places, and the view reads them there; rows stored before the bytes were kept (V3), or
-- whose bytes say something else, keep them. fields is the JSON of rows stored before V10.

-- A program and one of its events, by a code. Codes are given as kinds are first stored.
CREATE TABLE solana_event_kinds (
    code         smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    program      bytea NOT NULL CHECK (octet_length(program) = 32),
    program_name text  NOT NULL,
    kind         text  NOT NULL,
    UNIQUE (program, kind)
);

-- u64 little-endian at a byte offset of b, exact (numeric, as the columns it stands for).
CREATE FUNCTION solana_u64_le(b bytea, at integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (get_byte(b, at) + get_byte(b, at + 1) * 256 + get_byte(b, at + 2) * 65536
                  + get_byte(b, at + 3)::bigint * 16777216)::numeric
               + (get_byte(b, at + 4) + get_byte(b, at + 5) * 256 + get_byte(b, at + 6) * 65536
                  + get_byte(b, at + 7)::bigint * 16777216)::numeric * 4294967296 $$;

CREATE TABLE solana_event_rows (
    slot         bigint        NOT NULL CHECK (slot >= 0),
    signature    bytea         NOT NULL CHECK (octet_length(signature) = 64),
    event_index  integer       NOT NULL CHECK (event_index >= 0),
    tx_index     integer       CHECK (tx_index >= 0),
    block_time   timestamptz,
    kind         smallint      NOT NULL,
    -- solana_commitment_rank of the level the event was stored at (retracted: the level it had then).
    commitment   smallint      NOT NULL CHECK (commitment BETWEEN 0 AND 2),
    retracted    boolean       NOT NULL DEFAULT false,
    mint         bytea         CHECK (octet_length(mint) = 32),
    data         bytea,
    -- Only where data does not say them (see above).
    trader       bytea         CHECK (octet_length(trader) = 32),
    sol_amount   numeric(20, 0),
    token_amount numeric(20, 0),
    is_buy       boolean,
    fields       json,
    PRIMARY KEY (slot, signature, event_index)
);

INSERT INTO solana_event_kinds (program, program_name, kind)
SELECT DISTINCT ON (program, kind) program, program_name, kind FROM solana_events ORDER BY program, kind, program_name;

INSERT INTO solana_event_rows (slot, signature, event_index, tx_index, block_time, kind, commitment, retracted, mint, data,
                               trader, sol_amount, token_amount, is_buy, fields)
SELECT e.slot, e.signature, e.event_index, e.tx_index, e.block_time, k.code, solana_commitment_rank(e.commitment), e.retracted,
       e.mint, e.data, e.trader, e.sol_amount, e.token_amount, e.is_buy, e.fields
FROM solana_events e JOIN solana_event_kinds k ON k.program = e.program AND k.kind = e.kind;

DROP TABLE solana_events;

-- A pump TradeEvent's bytes: discriminator, mint, sol_amount, token_amount, is_buy, user (the trader), then
-- more fields; every layout seen on mainnet starts so. SolanaEventCopy.tradeOf reads them the same way.
CREATE VIEW solana_events AS
SELECT e.signature, e.event_index, e.slot, e.tx_index, e.block_time, k.program, k.program_name, k.kind,
       (ARRAY ['processed', 'confirmed', 'finalized'])[e.commitment + 1] AS commitment, e.retracted, e.mint,
       CASE WHEN e.trader IS NULL AND t.said THEN substring(e.data FROM 58 FOR 32) ELSE e.trader END AS trader,
       CASE WHEN e.trader IS NULL AND t.said THEN solana_u64_le(e.data, 40) ELSE e.sol_amount END AS sol_amount,
       CASE WHEN e.trader IS NULL AND t.said THEN solana_u64_le(e.data, 48) ELSE e.token_amount END AS token_amount,
       CASE WHEN e.trader IS NULL AND t.said THEN get_byte(e.data, 56) = 1 ELSE e.is_buy END AS is_buy,
       e.fields, e.data
FROM solana_event_rows e
JOIN solana_event_kinds k ON k.code = e.kind
CROSS JOIN LATERAL (SELECT k.program_name = 'pump' AND k.kind = 'TradeEvent' AND octet_length(e.data) >= 89
                           AND get_byte(e.data, 56) IN (0, 1) AS said) t;
