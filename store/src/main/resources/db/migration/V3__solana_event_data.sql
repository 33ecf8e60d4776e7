-- Each event's own bytes, as its program's event decoder reads them: the 8-byte event discriminator,
-- then the borsh payload (for a self-CPI event, the instruction data after the event tag; for a
-- logged one, the decoded "Program data:" line). A restart rebuilds the bonding curves by decoding
-- them again, not from fields. Null for events stored before this column existed.
-- Nullable without a default: adding it rewrites no row.
ALTER TABLE solana_events ADD COLUMN data bytea;
