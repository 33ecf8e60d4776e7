package io.chainwatch.store.internal;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.store.CurveRow;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaPubkey;
import io.chainwatch.store.SolanaSignature;
import io.chainwatch.store.SolanaStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@link SolanaStore} on PostgreSQL (schema in {@code db/migration/V2__solana.sql}, the events'
 * bytes added by {@code V3__solana_event_data.sql}, commitment upgrades kept as slot ranges by
 * {@code V5__solana_commitment_ranges.sql}, events keyed by slot first since
 * {@code V12__solana_events_keyed_by_slot.sql}, stored as what cannot be derived of them and read through a
 * view since {@code V13__solana_event_rows.sql}). Holds no mutable state: each call borrows its
 * own connection, so it is thread-safe; the one-writer-per-feed rule of the interface is what keeps
 * a feed's checkpoint in order.
 */
public final class PostgresSolanaStore implements SolanaStore {
    private static final String INSERT_LOST_SLOT = "INSERT INTO solana_lost_slots (slot, reason, recorded_at) VALUES (?, ?, ?) "
            + "ON CONFLICT (slot) DO NOTHING";
    private static final String UPSERT_CHECKPOINT = "INSERT INTO solana_checkpoints (feed, slot, updated_at) VALUES (?, ?, ?) "
            + "ON CONFLICT (feed) DO UPDATE SET slot = GREATEST(solana_checkpoints.slot, excluded.slot), updated_at = excluded.updated_at";
    // The new range, merged with the ranges of its level that it overlaps or touches (they are disjoint and do not touch:
    // all of them go, one range in their place). Nothing but this statement changes the ranges, on the feed's writer thread.
    private static final String ADD_RANGE = "WITH touching AS (DELETE FROM solana_commitment_ranges WHERE commitment = ? "
            + "AND from_slot <= ? AND to_slot >= ? RETURNING from_slot, to_slot) "
            + "INSERT INTO solana_commitment_ranges (from_slot, to_slot, commitment) "
            + "SELECT LEAST(?, min(from_slot)), GREATEST(?, max(to_slot)), ? FROM touching";
    // A retracted event keeps the level it had: the ranges raise only live ones.
    private static final String RETRACT_EVENTS = "UPDATE solana_event_rows e SET retracted = true, commitment = " + SolanaEventCopy.STORED_RANK
            + " WHERE slot = ANY (?) AND NOT retracted";
    private static final String DROP_CURVES = "DELETE FROM pump_curves WHERE updated_slot = ANY (?) RETURNING mint";
    private static final String EVENT_ORDER = " ORDER BY slot DESC, tx_index DESC NULLS LAST, signature DESC, event_index DESC";
    // Chain order: the rows of the slots after the first, found through the primary key (slot first), then sorted.
    private static final String LIVE_EVENTS_FROM = "SELECT " + SolanaEventCopy.READ_COLUMNS + " FROM solana_events e "
            + "WHERE slot > ? AND NOT retracted ORDER BY slot, tx_index NULLS LAST, signature, event_index";
    /** Rows a replay holds at once: its cursor fetches them in batches of this many (about 1.5 kB each with their fields). */
    private static final int REPLAY_FETCH_ROWS = 10_000;

    private final DataSource dataSource;
    private final InstantSource clock;
    /** The slots this store has written events of: what may go straight into the table (see {@link SolanaEventCopy}). */
    private final WrittenSlots writtenSlots = new WrittenSlots();
    private final SolanaEventKinds kinds = new SolanaEventKinds();
    private final LongAdder rowsCopied = new LongAdder();
    private final LongAdder rowsMerged = new LongAdder();

    public PostgresSolanaStore(DataSource dataSource, InstantSource clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long commit(SlotCommit commit) {
        Collection<CurveRow> curves = lastOfEachMint(commit.curves());
        String what = "commit of feed '" + commit.feed() + "' to slot " + commit.checkpointSlot() + " (" + commit.events().size()
                + " events, " + curves.size() + " curves, " + commit.lostSlots().size() + " lost slots)";
        Committed done = Transactions.inTransaction(dataSource, what, c -> {
            SolanaEventKinds.Resolved codes = kinds.resolve(c, commit.events());
            SolanaEventCopy.Written w = SolanaEventCopy.write(c, commit.events(), writtenSlots, codes);
            CurveRows.upsert(c, curves);
            insertLostSlots(c, commit.lostSlots());
            upsertCheckpoint(c, commit.feed(), commit.checkpointSlot());
            return new Committed(w, codes);
        });
        kinds.committed(done.codes());
        SolanaEventCopy.Written written = done.written();
        rowsCopied.add(written.copied());
        rowsMerged.add(written.merged());
        return written.fresh();
    }

    /** What a commit's transaction did, and the codes of its events' kinds, kept once it is through. */
    private record Committed(SolanaEventCopy.Written written, SolanaEventKinds.Resolved codes) {
    }

    /** Event rows of committed commits copied straight into the table, since this store was made. */
    public long rowsCopied() {
        return rowsCopied.sum();
    }

    /** Event rows of committed commits that went through the merge (a stored copy was possible), since this store was made. */
    public long rowsMerged() {
        return rowsMerged.sum();
    }

    @Override
    public void upgradeCommitment(long fromSlot, long toSlot, Commitment level) {
        Objects.requireNonNull(level, "level");
        if (fromSlot < 0 || fromSlot > toSlot) {
            throw new IllegalArgumentException("upgradeCommitment: need 0 <= fromSlot <= toSlot, got " + fromSlot + ".." + toSlot);
        }
        if (level == Commitment.PROCESSED) {
            return; // the lowest level: nothing is below it
        }
        // No event row is written: the range is recorded, and readers raise the live events in it (V5__solana_commitment_ranges.sql).
        Transactions.query(dataSource, "commitment upgrade of slots " + fromSlot + ".." + toSlot + " to " + level.rpcName(), c -> {
            try (PreparedStatement ps = c.prepareStatement(ADD_RANGE)) {
                ps.setString(1, level.rpcName());
                ps.setLong(2, toSlot == Long.MAX_VALUE ? toSlot : toSlot + 1);
                ps.setLong(3, fromSlot - 1);
                ps.setLong(4, fromSlot);
                ps.setLong(5, toSlot);
                ps.setString(6, level.rpcName());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Retracted retract(List<Long> slots, List<CurveRow> correctedCurves) {
        TreeSet<Long> sorted = new TreeSet<>();
        for (Long s : slots) {
            if (s == null || s < 0) {
                throw new IllegalArgumentException("retract: slots must be >= 0, got " + s);
            }
            sorted.add(s);
        }
        Map<SolanaPubkey, CurveRow> corrected = new LinkedHashMap<>();
        for (CurveRow r : correctedCurves) {
            corrected.put(r.mint(), r);
        }
        if (sorted.isEmpty() && corrected.isEmpty()) {
            return new Retracted(0, 0);
        }
        String what = "retraction of " + sorted.size() + " slot(s)" + (sorted.isEmpty() ? "" : " " + sorted.first() + ".." + sorted.last())
                + " with " + corrected.size() + " corrected curve(s)";
        return Transactions.inTransaction(dataSource, what, c -> {
            java.sql.Array slotArray = c.createArrayOf("bigint", sorted.toArray());
            long events;
            try (PreparedStatement ps = c.prepareStatement(RETRACT_EVENTS)) {
                ps.setArray(1, slotArray);
                events = ps.executeLargeUpdate();
            }
            Set<SolanaPubkey> dropped = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(DROP_CURVES)) {
                ps.setArray(1, slotArray);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        dropped.add(SolanaPubkey.of(rs.getBytes(1)));
                    }
                }
            }
            CurveRows.upsert(c, corrected.values());
            dropped.removeAll(corrected.keySet());
            return new Retracted(events, dropped.size());
        });
    }

    @Override
    public Optional<Checkpoint> checkpoint(String feed) {
        return Transactions.query(dataSource, "checkpoint of feed '" + feed + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT slot, updated_at FROM solana_checkpoints WHERE feed = ?")) {
                ps.setString(1, feed);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Checkpoint(feed, rs.getLong(1), SolanaEventReader.instant(rs, 2)))
                            : Optional.<Checkpoint>empty();
                }
            }
        });
    }

    @Override
    public List<LostSlot> lostSlots(int limit) {
        requireLimit(limit);
        return Transactions.query(dataSource, "lost slots", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT slot, reason, recorded_at FROM solana_lost_slots ORDER BY slot DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<LostSlot> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LostSlot(rs.getLong(1), rs.getString(2), SolanaEventReader.instant(rs, 3)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<CurveRow> curves(CurveRow.Status status, int limit) {
        requireLimit(limit);
        String sql = "SELECT " + CurveRows.COLUMNS + " FROM pump_curves" + (status == null ? "" : " WHERE status = ?")
                + " ORDER BY updated_slot DESC, mint LIMIT ?";
        return Transactions.query(dataSource, "curves" + (status == null ? "" : " of status " + status.storedName()), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (status != null) {
                    ps.setString(i++, status.storedName());
                }
                ps.setInt(i, limit);
                List<CurveRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(CurveRows.read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<CurveRow> curve(SolanaPubkey mint) {
        Objects.requireNonNull(mint, "mint");
        return Transactions.query(dataSource, "curve of mint " + mint, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CurveRows.COLUMNS + " FROM pump_curves WHERE mint = ?")) {
                ps.setBytes(1, mint.bytes());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(CurveRows.read(rs)) : Optional.<CurveRow>empty();
                }
            }
        });
    }

    @Override
    public List<SolanaEventRow> events(SolanaPubkey mint, int limit) {
        Objects.requireNonNull(mint, "mint");
        requireLimit(limit);
        return Transactions.query(dataSource, "events of mint " + mint, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SolanaEventCopy.READ_COLUMNS + " FROM solana_events e "
                    + "WHERE mint = ? AND NOT retracted" + EVENT_ORDER + " LIMIT ?")) {
                ps.setBytes(1, mint.bytes());
                ps.setInt(2, limit);
                List<SolanaEventRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(SolanaEventReader.read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<StoredEvent> event(SolanaSignature signature, int eventIndex) {
        Objects.requireNonNull(signature, "signature");
        return Transactions.query(dataSource, "event " + signature + ":" + eventIndex, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SolanaEventCopy.READ_COLUMNS + ", e.retracted FROM solana_events e "
                    + "WHERE signature = ? AND event_index = ? ORDER BY retracted, slot DESC LIMIT 1")) {
                ps.setBytes(1, signature.bytes());
                ps.setInt(2, eventIndex);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredEvent(SolanaEventReader.read(rs), rs.getBoolean("retracted")))
                            : Optional.<StoredEvent>empty();
                }
            }
        });
    }

    @Override
    public void forEachLiveEvent(long fromSlotExclusive, Consumer<SolanaEventRow> action) {
        Objects.requireNonNull(action, "action");
        Transactions.readOnly(dataSource, "replay of live events above slot " + fromSlotExclusive, c -> {
            // A cursor needs a transaction and a fetch size; without them the driver would read every row before the first one comes.
            try (PreparedStatement ps = c.prepareStatement(LIVE_EVENTS_FROM, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(REPLAY_FETCH_ROWS);
                ps.setLong(1, fromSlotExclusive);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(SolanaEventReader.read(rs));
                    }
                }
            }
            return null;
        });
    }

    /** One row per mint, the last of each: one statement may not touch a row twice. */
    private static Collection<CurveRow> lastOfEachMint(List<CurveRow> curves) {
        Map<SolanaPubkey, CurveRow> out = new LinkedHashMap<>();
        for (CurveRow r : curves) {
            out.put(r.mint(), r);
        }
        return out.values();
    }

    private static void insertLostSlots(Connection c, List<LostSlot> lost) throws SQLException {
        if (lost.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_LOST_SLOT)) {
            for (LostSlot l : lost) {
                ps.setLong(1, l.slot());
                ps.setString(2, l.reason());
                ps.setTimestamp(3, Timestamp.from(l.recordedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void upsertCheckpoint(Connection c, String feed, long slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_CHECKPOINT)) {
            ps.setString(1, feed);
            ps.setLong(2, slot);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: must be >= 0, got " + limit);
        }
    }
}
