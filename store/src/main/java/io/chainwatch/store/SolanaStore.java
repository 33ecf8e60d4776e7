package io.chainwatch.store;

import io.chainwatch.core.config.Commitment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable Solana data: every decoded pump.fun and PumpSwap event, keyed by (slot, signature, position
 * in the transaction), one row per block the event was seen in (a transaction seen in slots of two
 * forks has a row in each, and the slot of the fork that dies is retracted); the latest state of every
 * bonding curve; permanent gaps; and a checkpoint per feed that moves only together with the data
 * before it.
 *
 * <p>Writes of one feed come from that feed's single writer thread; reads may come from any
 * thread. Failures of the database throw {@link StorageException}; a failed write leaves nothing
 * of itself behind, so doing it again is always safe.
 */
public interface SolanaStore {

    /**
     * What one commit makes durable at once.
     *
     * @param feed           the name of the ingest feed whose checkpoint moves, e.g. {@code pump}
     * @param checkpointSlot the slot below which (inclusive) every slot of the feed is now handled:
     *                       stored, known skipped, or recorded lost
     * @param events         decoded events; copies already stored are harmless
     * @param curves         curve states; the last of a mint wins
     * @param lostSlots      slots given up on after the last retry
     */
    record SlotCommit(String feed, long checkpointSlot, List<SolanaEventRow> events, List<CurveRow> curves, List<LostSlot> lostSlots) {
        public SlotCommit {
            Objects.requireNonNull(feed, "feed");
            if (feed.isBlank()) {
                throw new IllegalArgumentException("feed: a name is needed, got '" + feed + "'");
            }
            if (checkpointSlot < 0) {
                throw new IllegalArgumentException("checkpointSlot: must be >= 0, got " + checkpointSlot + " (feed '" + feed + "')");
            }
            events = List.copyOf(events);
            curves = List.copyOf(curves);
            lostSlots = List.copyOf(lostSlots);
        }
    }

    /** A slot that could not be fetched after the last retry: a permanent gap, reported, never passed over silently. */
    record LostSlot(long slot, String reason, Instant recordedAt) {
        public LostSlot {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(recordedAt, "recordedAt");
            if (slot < 0) {
                throw new IllegalArgumentException("lost slot must be >= 0, got " + slot);
            }
        }
    }

    /** A feed's checkpoint: every slot up to {@code slot} is handled. */
    record Checkpoint(String feed, long slot, Instant updatedAt) {
    }

    /** An event as stored, with whether its slot turned out skipped or on a dead fork. */
    record StoredEvent(SolanaEventRow event, boolean retracted) {
    }

    /**
     * What a retraction did: events newly marked retracted, and curves dropped (their stored state
     * came from a retracted slot and no corrected row was given).
     */
    record Retracted(long events, long curvesDropped) {
    }

    /**
     * Commits in one transaction, all or nothing: the events, the curve states (upserted, the last
     * of a mint in the list wins), the lost slots (the first record of a slot is kept), and the
     * feed's checkpoint, which moves up to {@code checkpointSlot} and never back.
     *
     * <p>An event already stored under its key (slot, signature, position) is kept, its commitment
     * raised when this copy's is higher, and replaced by this copy when it was retracted (its slot
     * came back). A copy of another slot is a row of its own: the transaction was seen on another
     * fork, and of the two slots the one whose fork dies is retracted like any dead slot.
     *
     * @return how many events were new to the store
     */
    long commit(SlotCommit commit);

    /**
     * Raises to {@code level} the commitment of every live event with
     * {@code fromSlot <= slot <= toSlot}; events already at or above it are left as they are, so the
     * level never goes down. Retract skipped and dead slots of the range first: this vouches for the
     * whole range, also for events stored in it later. Retracted events keep the level they had.
     *
     * <p>Returns no count of the events raised: the range is recorded, no event row is read or
     * written (counting them cost a visit to each row, a fifth of what rewriting them did).
     */
    void upgradeCommitment(long fromSlot, long toSlot, Commitment level);

    /**
     * Marks retracted the events of {@code slots} (skipped, or on a dead fork) and, in the same
     * transaction, puts the curves right: every curve whose stored state came from one of those
     * slots is replaced by its row in {@code correctedCurves}, or dropped when that holds none (it
     * was first seen there). Rows in {@code correctedCurves} for other curves are upserted too.
     */
    Retracted retract(List<Long> slots, List<CurveRow> correctedCurves);

    /** The feed's checkpoint, or empty for a feed never committed. */
    Optional<Checkpoint> checkpoint(String feed);

    /** The permanent gaps, highest slot first, at most {@code limit}. */
    List<LostSlot> lostSlots(int limit);

    /**
     * Curves most recently active first (highest {@code updatedSlot}, then by mint), at most
     * {@code limit}; of one status, or of all when {@code status} is null.
     */
    List<CurveRow> curves(CurveRow.Status status, int limit);

    Optional<CurveRow> curve(SolanaPubkey mint);

    /**
     * The live (not retracted) events of {@code mint}, latest first (slot, then position in the
     * block when known, then position in the transaction), at most {@code limit}. For tools and
     * tests: no index serves it (V11), so it reads the whole table.
     */
    List<SolanaEventRow> events(SolanaPubkey mint, int limit);

    /**
     * One event by its signature and position: the live copy of the latest slot it was seen in, or,
     * when every copy is retracted, the latest retracted one. For tools and tests: no index leads with
     * the signature (V12), so it reads the whole table.
     */
    Optional<StoredEvent> event(SolanaSignature signature, int eventIndex);

    /**
     * Hands {@code action} every live (not retracted) event with {@code slot > fromSlotExclusive}, in
     * chain order: by slot, then by position in the block (unknown positions last), then by
     * signature, then by position in the transaction. For a restart, which rebuilds state by decoding
     * each event's {@link SolanaEventRow#data()} again; pass -1 for every event.
     *
     * <p>Streamed: the rows come from a server-side cursor in one read-only transaction, a bounded
     * batch in memory at a time, so any number of events can be read; the transaction's snapshot
     * holds for the whole read, and {@code action} runs on the calling thread inside it. An
     * exception {@code action} throws ends the read and comes out as it is; a failure of the
     * database is a {@link StorageException}, after {@code action} may have seen some of the events.
     */
    void forEachLiveEvent(long fromSlotExclusive, Consumer<SolanaEventRow> action);
}
