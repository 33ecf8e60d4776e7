-- The commitment a slot range was raised to, instead of rewriting every event row of the range.
-- Raising a range by UPDATE wrote each event a second time (its whole row, fields and bytes, and an
-- entry in each of its three indexes): as much PostgreSQL time per event as storing it. An event's
-- commitment is now the higher of the level it was stored at (solana_events.commitment) and the
-- level of any range here that holds its slot, while it is live; a retraction writes the level it had
-- into the row, so that a retracted event keeps it. Ranges of one level are merged when they touch,
-- so the feed's upgrades, which follow one another, keep one row per level.
CREATE TABLE solana_commitment_ranges (
    from_slot  bigint NOT NULL CHECK (from_slot >= 0),
    to_slot    bigint NOT NULL,
    commitment text   NOT NULL CHECK (commitment IN ('confirmed', 'finalized')),
    PRIMARY KEY (to_slot, commitment),
    CHECK (from_slot <= to_slot)
);
