package io.chainwatch.store.internal;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaSignature;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes Solana events with binary COPY, as {@link PoolEventCopy} does pool events.
 *
 * <p>Straight: the rows of slots this writer has not written before ({@link WrittenSlots}) should
 * find nothing stored under their keys (slot, signature, position), and are copied straight into
 * {@code solana_events}. Straight, but under a savepoint, and the primary key is the guard: a restart
 * may replay slots stored before it, another writer may have stored them; then the unique violation
 * rolls back to the savepoint and those rows are merged too. A slot settled late (in the load run,
 * hundreds of slots after its neighbours) is new all the same and goes straight, where the highest
 * slot stored, the guard before, sent the rows of its whole commit to the merge.
 *
 * <p>Merged (replays, retracted slots that come back, forks, overlaps): COPY into a session-local
 * staging table, then one {@code INSERT ... ON CONFLICT DO UPDATE} that keeps stored copies, raises
 * their commitment when the new copy's is higher, and replaces them when they were retracted (their
 * slot came back; see {@link io.chainwatch.store.SolanaStore#commit}). Stateless; public so that
 * benchmarks can encode rows without a database.
 */
public final class SolanaEventCopy {
    /**
     * The columns written; {@code retracted} takes its default (false) on insert, and {@code fields}
     * stays null: the event's fields are decoded from {@code data} when shown (V10).
     */
    static final String COLUMNS = "signature, event_index, slot, tx_index, block_time, program, program_name, kind, commitment, "
            + "mint, trader, sol_amount, token_amount, is_buy, data";
    /**
     * The rank of the level an event of {@code solana_events AS e} has now: the level it was stored
     * at, raised by any range of {@code solana_commitment_ranges} holding its slot while it is live (a
     * retraction writes the level it had into the row). See {@code V5__solana_commitment_ranges.sql}.
     */
    static final String COMMITMENT_RANK = "(CASE WHEN e.retracted THEN solana_commitment_rank(e.commitment) "
            + "ELSE GREATEST(solana_commitment_rank(e.commitment), (SELECT max(solana_commitment_rank(r.commitment)) "
            + "FROM solana_commitment_ranges r WHERE r.to_slot >= e.slot AND r.from_slot <= e.slot)) END)";
    /** The level's name from {@link #COMMITMENT_RANK}. */
    static final String COMMITMENT = "(ARRAY['processed', 'confirmed', 'finalized'])[" + COMMITMENT_RANK + " + 1]";
    /** {@link #COLUMNS} as read back, from {@code solana_events AS e}: the commitment is the event's level now. */
    static final String READ_COLUMNS = "e.signature, e.event_index, e.slot, e.tx_index, e.block_time, e.program, e.program_name, e.kind, "
            + COMMITMENT + " AS commitment, e.mint, e.trader, e.sol_amount, e.token_amount, e.is_buy, e.data";
    private static final int FIELDS = 15;
    private static final String UNIQUE_VIOLATION = "23505";
    // ON COMMIT DELETE ROWS empties it at the end of every transaction that used it.
    private static final String CREATE_STAGING =
            "CREATE TEMP TABLE IF NOT EXISTS solana_events_in (LIKE solana_events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY solana_events_in (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String COPY_DIRECT = "COPY solana_events (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    // A copy of a stored key replaces it when the stored one was retracted (its slot came back) or is less committed.
    private static final String REPLACE = "(e.retracted OR solana_commitment_rank(excluded.commitment) > " + COMMITMENT_RANK + ")";
    // One statement may not touch a row twice: of copies of one key in one commit, the most committed goes in.
    // xmax = 0 tells a row inserted from one updated (the updater holds the row's lock in xmax).
    private static final String MERGE = "WITH merged AS (INSERT INTO solana_events AS e (" + COLUMNS + ") "
            + "SELECT DISTINCT ON (slot, signature, event_index) " + COLUMNS + " FROM solana_events_in "
            + "ORDER BY slot, signature, event_index, solana_commitment_rank(commitment) DESC "
            + "ON CONFLICT (slot, signature, event_index) DO UPDATE SET "
            // A copy that does not know the block's time or position does not erase them.
            + "tx_index = coalesce(excluded.tx_index, e.tx_index), block_time = coalesce(excluded.block_time, e.block_time), "
            + "program = excluded.program, program_name = excluded.program_name, kind = excluded.kind, "
            + "commitment = excluded.commitment, retracted = false, mint = excluded.mint, trader = excluded.trader, "
            + "sol_amount = excluded.sol_amount, token_amount = excluded.token_amount, is_buy = excluded.is_buy, "
            // The bytes replace the row's, null or not, and JSON fields of a row stored before V10 go with the bytes they came from.
            + "fields = NULL, data = excluded.data "
            + "WHERE " + REPLACE + " "
            + "RETURNING (xmax = 0) AS inserted) "
            + "SELECT count(*) FILTER (WHERE inserted) FROM merged";

    private static final byte[][] COMMITMENTS = new byte[Commitment.values().length][];

    static {
        for (Commitment c : Commitment.values()) {
            COMMITMENTS[c.ordinal()] = ascii(c.rpcName());
        }
    }

    private SolanaEventCopy() {
    }

    /**
     * What a write did.
     *
     * @param fresh  rows new to the store
     * @param copied rows copied straight into the table
     * @param merged rows that went through the staging table and the merge
     */
    record Written(long fresh, int copied, int merged) {
        static final Written NOTHING = new Written(0, 0, 0);
    }

    /**
     * Writes the events: straight, or merged when their slot may hold stored copies (see the class comment).
     *
     * @param written the slots this writer has written events of; the events' slots are added, also when the write fails
     *                (a slot recorded that is not stored only sends a later row of it to the merge, which is always right)
     */
    static Written write(Connection c, List<SolanaEventRow> events, WrittenSlots written) throws SQLException {
        if (events.isEmpty()) {
            return Written.NOTHING;
        }
        List<SolanaEventRow> straight = new ArrayList<>(events.size());
        List<SolanaEventRow> merge = new ArrayList<>();
        for (SolanaEventRow e : events) {
            (written.mayHold(e.slot()) ? merge : straight).add(e);
        }
        try {
            int copied = 0;
            if (!straight.isEmpty()) {
                if (distinctKeys(straight) && copiedStraight(c, straight)) {
                    copied = straight.size();
                } else {
                    merge.addAll(straight);
                }
            }
            return new Written(copied + merge(c, merge), copied, merge.size());
        } finally {
            for (SolanaEventRow e : events) {
                written.add(e.slot());
            }
        }
    }

    /** Copies the rows into the table under a savepoint; false (and nothing of them stored) when one of their keys is stored. */
    private static boolean copiedStraight(Connection c, List<SolanaEventRow> rows) throws SQLException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            copy(c, COPY_DIRECT, rows);
            c.releaseSavepoint(beforeCopy);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeCopy);
            return false;
        }
    }

    /** Stages the rows and merges them into the table; returns how many were new to it. */
    private static long merge(Connection c, List<SolanaEventRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_STAGING);
        }
        copy(c, COPY_STAGING, rows);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MERGE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * No key twice: the events of one transaction come together with rising indexes (their natural
     * order), and no transaction comes twice.
     */
    private static boolean distinctKeys(List<SolanaEventRow> events) {
        Set<SolanaSignature> transactions = new HashSet<>();
        SolanaSignature current = null;
        int lastIndex = -1;
        for (SolanaEventRow e : events) {
            if (e.signature().equals(current)) {
                if (e.eventIndex() <= lastIndex) {
                    return false;
                }
            } else if (!transactions.add(e.signature())) {
                return false;
            }
            current = e.signature();
            lastIndex = e.eventIndex();
        }
        return true;
    }

    private static long copy(Connection c, String sql, List<SolanaEventRow> events) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            CopyBinary w = new CopyBinary(in);
            encode(w, events);
            return w.finish();
        } catch (SQLException | RuntimeException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }

    /** Writes the events as rows of {@link #COLUMNS}; the caller finishes the COPY. */
    public static void encode(CopyBinary w, List<SolanaEventRow> events) throws SQLException {
        // Few distinct names; encode each once per copy.
        Map<String, byte[]> names = new HashMap<>();
        for (SolanaEventRow e : events) {
            row(w, names, e);
        }
    }

    private static void row(CopyBinary w, Map<String, byte[]> names, SolanaEventRow e) throws SQLException {
        w.row(FIELDS).bytea(e.signature()).int4(e.eventIndex()).int8(e.slot());
        if (e.txIndex() == SolanaEventRow.UNKNOWN_TX_INDEX) {
            w.nul();
        } else {
            w.int4(e.txIndex());
        }
        w.timestamptz(e.blockTime()).bytea(e.program())
                .text(names.computeIfAbsent(e.programName(), CopyBinary::utf8))
                .text(names.computeIfAbsent(e.kind(), CopyBinary::utf8))
                .text(COMMITMENTS[e.commitment().ordinal()])
                .bytea(e.mint());
        SolanaEventRow.Trade t = e.trade();
        if (t == null) {
            w.nul().nul().nul().nul();
        } else {
            w.bytea(t.trader()).numericUnsigned(t.solLamports()).numericUnsigned(t.tokenAmount()).bool(t.buy());
        }
        w.bytea(e.data());
        w.endRow();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
