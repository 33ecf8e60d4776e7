-- An event's fields are no longer stored as JSON beside its bytes: new rows leave fields null, and
-- whoever shows an event decodes its data (the bytes hold every field; the typed columns mint,
-- trader, sol_amount, token_amount and is_buy stay for queries). The JSON was a second copy of the
-- event, about 700 bytes of a 1.2 kB row, and with its check about a third of PostgreSQL's time per
-- stored event under load. Rows stored before keep theirs. Changes no row.
ALTER TABLE solana_events ALTER COLUMN fields DROP NOT NULL, ALTER COLUMN fields DROP DEFAULT;
