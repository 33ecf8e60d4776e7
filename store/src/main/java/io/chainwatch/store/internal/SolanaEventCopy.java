package io.chainwatch.store.internal;

import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaPubkey;
import io.chainwatch.store.SolanaSignature;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes Solana events with binary COPY, as {@link PoolEventCopy} does pool events, into
 * {@code solana_event_rows}, which holds what cannot be derived of each; the view {@code solana_events}
 * shows them whole (V13).
 *
 * <p>Straight: the rows of slots this writer has not written before ({@link WrittenSlots}) should
 * find nothing stored under their keys (slot, signature, position), and are copied straight into
 * the table. Straight, but under a savepoint, and the primary key is the guard: a restart
 * may replay slots stored before it, another writer may have stored them; then the unique violation
 * rolls back to the savepoint and those rows are merged too. A slot settled late (in the load run,
 * hundreds of slots after its neighbours) is new all the same and goes straight, where the highest
 * slot stored, the guard before, sent the rows of its whole commit to the merge.
 *
 * <p>Merged (replays, retracted slots that come back, forks, overlaps): COPY into a session-local
 * staging table, then one {@code INSERT ... ON CONFLICT DO UPDATE} that keeps stored copies, raises
 * their commitment when the new copy's is higher, and replaces them when they were retracted (their
 * slot came back; see {@link io.chainwatch.store.SolanaStore#commit}).
 *
 * <p>A row's trade (trader, amounts, side) is written only when its bytes do not say it: a pump
 * TradeEvent's bytes hold it at fixed places ({@link #bytesSayTrade}), where the view reads it.
 * Stateless; public so that benchmarks can encode rows without a database.
 */
public final class SolanaEventCopy {
    /** The columns written; {@code retracted} takes its default (false) on insert, and {@code fields} stays null (V10). */
    static final String COLUMNS = "slot, signature, event_index, tx_index, block_time, kind, commitment, mint, data, "
            + "trader, sol_amount, token_amount, is_buy";
    /**
     * The rank of the level an event of {@code solana_events AS e} (the view) has now: the level it was stored
     * at, raised by any range of {@code solana_commitment_ranges} holding its slot while it is live (a
     * retraction writes the level it had into the row). See {@code V5__solana_commitment_ranges.sql}.
     */
    static final String COMMITMENT_RANK = rankNow("solana_commitment_rank(e.commitment)");
    /** The level's name from {@link #COMMITMENT_RANK}. */
    static final String COMMITMENT = "(ARRAY['processed', 'confirmed', 'finalized'])[" + COMMITMENT_RANK + " + 1]";
    /** {@link #COMMITMENT_RANK} of a row of {@code solana_event_rows AS e}, which stores the rank itself. */
    static final String STORED_RANK = rankNow("e.commitment");
    /** The view's columns as read back, from {@code solana_events AS e}: the commitment is the event's level now. */
    static final String READ_COLUMNS = "e.signature, e.event_index, e.slot, e.tx_index, e.block_time, e.program, e.program_name, e.kind, "
            + COMMITMENT + " AS commitment, e.mint, e.trader, e.sol_amount, e.token_amount, e.is_buy, e.data";
    private static final int FIELDS = 13;
    private static final String UNIQUE_VIOLATION = "23505";
    // ON COMMIT DELETE ROWS empties it at the end of every transaction that used it.
    private static final String CREATE_STAGING =
            "CREATE TEMP TABLE IF NOT EXISTS solana_event_rows_in (LIKE solana_event_rows INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY solana_event_rows_in (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String COPY_DIRECT = "COPY solana_event_rows (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    // A copy of a stored key replaces it when the stored one was retracted (its slot came back) or is less committed.
    private static final String REPLACE = "(e.retracted OR excluded.commitment > " + STORED_RANK + ")";
    // One statement may not touch a row twice: of copies of one key in one commit, the most committed goes in.
    // xmax = 0 tells a row inserted from one updated (the updater holds the row's lock in xmax).
    private static final String MERGE = "WITH merged AS (INSERT INTO solana_event_rows AS e (" + COLUMNS + ") "
            + "SELECT DISTINCT ON (slot, signature, event_index) " + COLUMNS + " FROM solana_event_rows_in "
            + "ORDER BY slot, signature, event_index, commitment DESC "
            + "ON CONFLICT (slot, signature, event_index) DO UPDATE SET "
            // A copy that does not know the block's time or position does not erase them.
            + "tx_index = coalesce(excluded.tx_index, e.tx_index), block_time = coalesce(excluded.block_time, e.block_time), "
            + "kind = excluded.kind, commitment = excluded.commitment, retracted = false, mint = excluded.mint, "
            + "trader = excluded.trader, sol_amount = excluded.sol_amount, token_amount = excluded.token_amount, is_buy = excluded.is_buy, "
            // The bytes replace the row's, null or not, and JSON fields of a row stored before V10 go with the bytes they came from.
            + "fields = NULL, data = excluded.data "
            + "WHERE " + REPLACE + " "
            + "RETURNING (xmax = 0) AS inserted) "
            + "SELECT count(*) FILTER (WHERE inserted) FROM merged";
    /** A pump TradeEvent's bytes: discriminator, mint, sol_amount and token_amount (u64), is_buy, user, then more. */
    private static final int TRADE_SOL_AT = 40;
    private static final int TRADE_TOKEN_AT = 48;
    private static final int TRADE_IS_BUY_AT = 56;
    private static final int TRADE_USER_AT = 57;
    private static final int TRADE_SAID_BYTES = TRADE_USER_AT + 32;

    /** The code of an event's kind in {@code solana_event_kinds}. */
    @FunctionalInterface
    public interface KindCodes {
        short code(SolanaEventRow e);
    }

    private SolanaEventCopy() {
    }

    /** The rank an event of {@code e} has now, its stored rank being {@code storedRank}: see {@link #COMMITMENT_RANK}. */
    private static String rankNow(String storedRank) {
        return "(CASE WHEN e.retracted THEN " + storedRank + " ELSE GREATEST(" + storedRank + ", "
                + "(SELECT max(solana_commitment_rank(r.commitment)) FROM solana_commitment_ranges r "
                + "WHERE r.to_slot >= e.slot AND r.from_slot <= e.slot)) END)";
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
    static Written write(Connection c, List<SolanaEventRow> events, WrittenSlots written, KindCodes kinds) throws SQLException {
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
                if (distinctKeys(straight) && copiedStraight(c, straight, kinds)) {
                    copied = straight.size();
                } else {
                    merge.addAll(straight);
                }
            }
            return new Written(copied + merge(c, merge, kinds), copied, merge.size());
        } finally {
            for (SolanaEventRow e : events) {
                written.add(e.slot());
            }
        }
    }

    /** Copies the rows into the table under a savepoint; false (and nothing of them stored) when one of their keys is stored. */
    private static boolean copiedStraight(Connection c, List<SolanaEventRow> rows, KindCodes kinds) throws SQLException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            copy(c, COPY_DIRECT, rows, kinds);
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
    private static long merge(Connection c, List<SolanaEventRow> rows, KindCodes kinds) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_STAGING);
        }
        copy(c, COPY_STAGING, rows, kinds);
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

    private static long copy(Connection c, String sql, List<SolanaEventRow> events, KindCodes kinds) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            CopyBinary w = new CopyBinary(in);
            encode(w, events, kinds);
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

    /** Writes the events as rows of {@link #COLUMNS}, each kind as its code; the caller finishes the COPY. */
    public static void encode(CopyBinary w, List<SolanaEventRow> events, KindCodes kinds) throws SQLException {
        for (SolanaEventRow e : events) {
            row(w, e, kinds.code(e));
        }
    }

    private static void row(CopyBinary w, SolanaEventRow e, short kind) throws SQLException {
        w.row(FIELDS).int8(e.slot()).bytea(e.signature()).int4(e.eventIndex());
        if (e.txIndex() == SolanaEventRow.UNKNOWN_TX_INDEX) {
            w.nul();
        } else {
            w.int4(e.txIndex());
        }
        byte[] data = e.data();
        // Commitment's order (processed, confirmed, finalized) is solana_commitment_rank's: the ordinal is the rank.
        w.timestamptz(e.blockTime()).int2(kind).int2((short) e.commitment().ordinal()).bytea(e.mint()).bytea(data);
        SolanaEventRow.Trade t = e.trade();
        if (t == null || bytesSayTrade(e, data, t)) {
            w.nul().nul().nul().nul();
        } else {
            w.bytea(t.trader()).numericUnsigned(t.solLamports()).numericUnsigned(t.tokenAmount()).bool(t.buy());
        }
        w.endRow();
    }

    /**
     * True when the event is a pump TradeEvent whose bytes say {@code t}: its trader, amounts and side at
     * their places, as the view {@code solana_events} reads them there (V13). Every TradeEvent layout seen on
     * mainnet starts so; the feed's rows carry the trade their bytes decode to.
     */
    static boolean bytesSayTrade(SolanaEventRow e, byte[] d, SolanaEventRow.Trade t) {
        if (d == null || d.length < TRADE_SAID_BYTES || !"pump".equals(e.programName()) || !"TradeEvent".equals(e.kind())
                || (d[TRADE_IS_BUY_AT] & ~1) != 0) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(d);
        SolanaPubkey trader = t.trader();
        return t.buy() == (d[TRADE_IS_BUY_AT] == 1)
                && t.solLamports() == b.order(ByteOrder.LITTLE_ENDIAN).getLong(TRADE_SOL_AT)
                && t.tokenAmount() == b.getLong(TRADE_TOKEN_AT)
                // A key's words are its bytes read big-endian.
                && trader.w0() == b.order(ByteOrder.BIG_ENDIAN).getLong(TRADE_USER_AT) && trader.w1() == b.getLong(TRADE_USER_AT + 8)
                && trader.w2() == b.getLong(TRADE_USER_AT + 16) && trader.w3() == b.getLong(TRADE_USER_AT + 24);
    }
}
