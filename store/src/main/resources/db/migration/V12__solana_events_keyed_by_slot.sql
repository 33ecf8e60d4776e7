-- solana_events is keyed by the slot first: (slot, signature, event_index), one row per block an event
-- was seen in, as the EVM side keys a pool event by its block and the curve book keys its inputs.
-- Keyed by the signature first, every stored event went to a random leaf of an index larger than the
-- buffer cache can keep hot, and after each checkpoint that leaf's first change wrote a full page
-- image into the WAL: with 3 million events stored, 12 to 17 µs of PostgreSQL CPU and 1.5 kB of WAL
-- per event. Keyed by the slot, each commit's events go to the rightmost leaves: 3.6 µs and 650 bytes
-- (BENCHMARKS.md, "Solana events keyed by slot first"). A transaction seen in slots of two forks has a row in each; the
-- slot of the fork that dies is retracted, as any dead slot is. Redelivery and replay of a slot still
-- store nothing twice. The key serves slot ranges (retractions, replays), so the BRIN goes.
-- Rows stored before are unique by (signature, event_index), and so by the new key too.
ALTER TABLE solana_events DROP CONSTRAINT solana_events_pkey, ADD PRIMARY KEY (slot, signature, event_index);
DROP INDEX solana_events_by_slot;
