-- solana_events is written at the chain's pace and read by slot only (retractions by slot,
-- replays from a slot): its indexes are what each stored event costs beyond its row.
-- The index by mint goes: no part of chainwatch reads events by mint (the API answers curves
-- from pump_curves), and it was about a fifth of PostgreSQL's time per stored event. Whoever
-- queries a mint's history in SQL often can add it again: it only speeds reads.
-- The slot index becomes a BRIN: slots only grow as events are appended, so block ranges hold
-- narrow slot ranges; it is a few pages instead of an entry per event. The writer no longer asks
-- it for max(slot) (a BRIN cannot answer that): the fast path's guard is the primary key.
DROP INDEX solana_events_by_mint;
DROP INDEX solana_events_by_slot;
CREATE INDEX solana_events_by_slot ON solana_events USING brin (slot) WITH (pages_per_range = 16, autosummarize = on);
