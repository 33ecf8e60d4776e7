-- An event's fields as json (its text, checked to be JSON) instead of jsonb. Building the jsonb value
-- of every stored event was about a third of PostgreSQL's time per event under load; the fields are
-- shown and sometimes queried (fields->>'name' works on json as on jsonb), never indexed or searched
-- by containment. Read back, they are the text the feed wrote, in the IDL's order; rows stored
-- before this migration keep jsonb's normalized text. Rewrites the table once.
ALTER TABLE solana_events ALTER COLUMN fields TYPE json USING fields::json;
