-- EVM chain data as chainwatch saw it. Hashes and addresses are bytea (32 and 20 bytes: half the
-- size of hex text, compared bytewise under any collation); show them with encode(x, 'hex').
-- Unsigned 256-bit integers are numeric(78,0): 2^256-1 has 78 digits, and numeric is exact.

-- The canonical chain as last seen: one row per height, replaced on a reorg.
CREATE TABLE blocks (
    chain       text   NOT NULL,
    number      bigint NOT NULL,
    hash        bytea  NOT NULL CHECK (octet_length(hash) = 32),
    parent_hash bytea  NOT NULL CHECK (octet_length(parent_hash) = 32),
    PRIMARY KEY (chain, number)
);

-- Every decoded pool event ever delivered, keyed by where its log sits. Events of blocks that left
-- the canonical chain stay, with removed = true. Columns a kind does not have are null:
--   PairCreated: factory (the emitter), pool (the new pair), token0, token1, pair_index
--   Sync:        reserve0, reserve1
--   Swap:        sender, recipient, amount0_in, amount1_in, amount0_out, amount1_out
--   Mint:        sender, amount0, amount1
--   Burn:        sender, recipient, amount0, amount1
CREATE TABLE pool_events (
    chain        text    NOT NULL,
    block_number bigint  NOT NULL,
    block_hash   bytea   NOT NULL,
    log_index    integer NOT NULL,
    tx_index     integer NOT NULL,
    removed      boolean NOT NULL DEFAULT false,
    kind         text    NOT NULL CHECK (kind IN ('PairCreated', 'Sync', 'Swap', 'Mint', 'Burn')),
    tx_hash      bytea   NOT NULL,
    pool         bytea   NOT NULL,
    sender       bytea,
    recipient    bytea,
    factory      bytea,
    token0       bytea,
    token1       bytea,
    pair_index   bigint,
    reserve0     numeric(78, 0),
    reserve1     numeric(78, 0),
    amount0      numeric(78, 0),
    amount1      numeric(78, 0),
    amount0_in   numeric(78, 0),
    amount1_in   numeric(78, 0),
    amount0_out  numeric(78, 0),
    amount1_out  numeric(78, 0),
    -- The identity of a log is (chain, block_hash, log_index); block_number adds nothing to it
    -- (a hash fixes its number) but leads the key so that new rows land at the right edge of the
    -- index instead of at random places (hashes are random): inserts stay fast however large the
    -- table grows, and the same index serves reorgs and range reads by number.
    PRIMARY KEY (chain, block_number, block_hash, log_index)
);

-- Latest known state of every pool.
CREATE TABLE pools (
    chain        text           NOT NULL,
    address      bytea          NOT NULL CHECK (octet_length(address) = 20),
    dex          text           NOT NULL,
    token0       bytea          NOT NULL CHECK (octet_length(token0) = 20),
    token1       bytea          NOT NULL CHECK (octet_length(token1) = 20),
    fee_bps      integer        NOT NULL,
    reserve0     numeric(78, 0) NOT NULL,
    reserve1     numeric(78, 0) NOT NULL,
    block_number bigint         NOT NULL,
    block_hash   bytea          NOT NULL CHECK (octet_length(block_hash) = 32),
    PRIMARY KEY (chain, address)
);

-- The last block whose data is fully committed, per chain: ingestion resumes after it.
-- highest_committed is the highest block number ever committed for the chain, never lowered by a
-- rollback: no event is stored above it, so a commit of blocks above it is known to hold only new
-- events and takes the fast path (see PoolEventCopy).
CREATE TABLE checkpoints (
    chain             text        PRIMARY KEY,
    block_number      bigint      NOT NULL,
    block_hash        bytea       NOT NULL CHECK (octet_length(block_hash) = 32),
    parent_hash       bytea       NOT NULL CHECK (octet_length(parent_hash) = 32),
    highest_committed bigint      NOT NULL CHECK (highest_committed >= block_number),
    updated_at        timestamptz NOT NULL
);
