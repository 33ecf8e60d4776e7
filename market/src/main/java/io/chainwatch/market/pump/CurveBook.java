package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.CompleteEvent;
import io.chainwatch.solana.pump.CompletePumpAmmMigrationEvent;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.Global;
import io.chainwatch.solana.pump.PumpEvent;
import io.chainwatch.solana.pump.TradeEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every pump.fun bonding curve of one Solana cluster, by mint: lifecycle (created, trading, complete,
 * migrated), reserves, price, market cap, progress to completion, last trade and volume, from the
 * decoded pump events and the curves' account data.
 *
 * <p><b>Owned by one thread</b> (the Solana cursor's); not thread-safe. Other threads get immutable
 * {@link CurveView}s, asking through the owner (a query posted to its loop): a million curves are too
 * many to copy into a snapshot after every slot, as {@code PoolBook} does for EVM pools.
 *
 * <p><b>Idempotent.</b> An event's key is (slot, signature, event index); account data's is (slot, mint).
 * A key seen again changes nothing ({@link Outcome#DUPLICATE}). Events of a slot at or below the
 * finalized slot given to {@link #prune} are {@link Outcome#STALE}: the cursor finalizes a slot only when
 * everything up to it has been delivered, so they are copies.
 *
 * <p><b>Chain order, whatever the arrival order.</b> A curve's state is the fold of its inputs in chain
 * order (slot, then transaction and event index, account data last in its slot, since it shows the
 * state after the slot), so an event backfilled late lands where it belongs. Account data wins for
 * reserves when newer by slot.
 *
 * <p><b>Retraction.</b> Inputs of unfinalized slots stay in an undo journal (bounded:
 * {@link Settings#maxJournalEntries}). {@link #retract} removes a skipped or dead-fork slot's inputs and
 * replays each touched curve from its last final state: exactly the effects of that slot go, also when
 * later slots were applied since. Commitment upgrades (processed to confirmed) change no state; only
 * finalization matters, and {@link #prune} forgets the undo entries it makes final.
 *
 * <p><b>Memory.</b> Current state lives in a {@link CurveTable} (304 bytes a curve in flat pages), not in
 * objects; one million curves take about 300 MiB of heap (CurveBookMemoryTest measures it in a 1 GB JVM).
 */
public final class CurveBook {
    /** What happened to one input. */
    public enum Outcome {
        APPLIED,
        /** Its key was applied already. */
        DUPLICATE,
        /** Its slot is at or below the finalized slot: a late copy. */
        STALE,
        /** Its slot was retracted (skipped or on a dead fork). */
        DEAD_SLOT
    }

    /**
     * The book's settings.
     *
     * @param defaultInitialRealTokenReserves progress's starting point while neither the curve's CreateEvent nor
     *                                        a Global account says (mainnet: 793,100,000,000,000)
     * @param defaultFeeRates                 quotes' fee rates for a curve before its first trade with fee fields
     * @param maxJournalEntries               undo entries kept; past it the oldest slot is made final early
     *                                        (counted in {@link Counters#forcedFinalizations()})
     * @param expectedCurves                  sizes the mint index up front
     */
    public record Settings(long defaultInitialRealTokenReserves, FeeRates defaultFeeRates, int maxJournalEntries,
                           int expectedCurves) {
        public static final long MAINNET_INITIAL_REAL_TOKEN_RESERVES = 793_100_000_000_000L;
        public static final Settings MAINNET = new Settings(MAINNET_INITIAL_REAL_TOKEN_RESERVES, FeeRates.MAINNET_OBSERVED,
                200_000, 1 << 16);

        public Settings {
            Objects.requireNonNull(defaultFeeRates, "defaultFeeRates");
            if (defaultInitialRealTokenReserves <= 0) {
                throw new IllegalArgumentException("defaultInitialRealTokenReserves: must be > 0, got " + defaultInitialRealTokenReserves);
            }
            if (maxJournalEntries < 1) {
                throw new IllegalArgumentException("maxJournalEntries: must be >= 1, got " + maxJournalEntries);
            }
            if (expectedCurves < 1 || expectedCurves > 1 << 28) {
                throw new IllegalArgumentException("expectedCurves: must be 1 to 268435456, got " + expectedCurves);
            }
        }
    }

    /**
     * What {@link #retract} did.
     *
     * @param eventsUndone inputs removed (events and account data)
     * @param changed      curves whose state changed back
     * @param removed      curves that no longer exist: everything known of them came from the slot
     */
    public record Retraction(long slot, Result result, int eventsUndone, List<PublicKey> changed, List<PublicKey> removed) {
        public enum Result {
            UNDONE,
            /** Nothing was applied at the slot; later inputs there are refused all the same. */
            NOTHING_APPLIED,
            /** The slot is at or below the finalized slot: its inputs are final and stay. */
            FINALIZED
        }
    }

    /** Totals since the book was made. */
    public record Counters(long applied, long duplicates, long stale, long deadSlot, long retracted, long forcedFinalizations) {
    }

    private final Settings settings;
    private final CurveTable table;
    /** Journal entries by slot, each slot's also by key for deduplication. */
    private final TreeMap<Long, SlotJournal> journal = new TreeMap<>();
    /** Curves with journaled inputs, by table row. */
    private final Map<Integer, CurveHistory> histories = new HashMap<>();
    private final TreeSet<Long> deadSlots = new TreeSet<>();
    private final CurveState scratch = new CurveState();
    private int journalEntries;
    private long finalizedSlot = -1;
    private long globalInitialRealTokenReserves;
    private long applied;
    private long duplicates;
    private long stale;
    private long deadSlot;
    private long retracted;
    private long forcedFinalizations;

    public CurveBook(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.table = new CurveTable(settings.expectedCurves());
    }

    /** Applies one decoded pump event at its place on the chain. */
    public Outcome apply(EventPosition at, PumpEvent event) {
        Objects.requireNonNull(event, "event");
        Outcome refused = refusal(at.slot());
        return refused != null ? refused : record(JournalEntry.event(at, mintOf(event), event));
    }

    /**
     * Applies a curve's account data as of {@code slot} (the notification's context slot). The caller maps the
     * account's address to its mint (the CreateEvent names both). Data at or below the finalized slot is final:
     * it is applied without undo, and changes reserves only when newer than what the curve holds.
     */
    public Outcome applyAccount(PublicKey mint, long slot, BondingCurve account) {
        Objects.requireNonNull(mint, "mint");
        Objects.requireNonNull(account, "account");
        if (slot <= finalizedSlot) {
            return applyFinalAccount(mint, slot, account);
        }
        Outcome refused = refusal(slot);
        return refused != null ? refused : record(JournalEntry.account(slot, mint, account));
    }

    /**
     * Applies account data known to be final (a finalized getProgramAccounts at start-up, say) without an undo
     * entry, so a million of them cost no journal. Changes reserves only when newer by slot than what the curve
     * holds; applying it twice changes nothing.
     */
    public Outcome applyFinalAccount(PublicKey mint, long slot, BondingCurve account) {
        int row = table.find(mint);
        if (row < 0) {
            row = table.add(mint);
        }
        CurveHistory h = histories.get(row);
        if (h == null) {
            table.read(row, scratch);
            scratch.applyAccount(slot, account);
            table.write(row, scratch);
        } else {
            h.applyFinalAccount(slot, account);
            h.replay(scratch);
            table.write(row, scratch);
        }
        applied++;
        return Outcome.APPLIED;
    }

    /** Takes the Global account's {@code initial_real_token_reserves} as progress's starting point for curves whose CreateEvent did not say. */
    public void applyGlobal(Global global) {
        if (global.initialRealTokenReserves() != 0) {
            globalInitialRealTokenReserves = global.initialRealTokenReserves();
        }
    }

    /** Undoes every input of {@code slot}, a slot skipped or on a dead fork; later inputs at it are refused. */
    public Retraction retract(long slot) {
        if (slot <= finalizedSlot) {
            return new Retraction(slot, Retraction.Result.FINALIZED, 0, List.of(), List.of());
        }
        deadSlots.add(slot);
        SlotJournal journaled = journal.remove(slot);
        if (journaled == null) {
            return new Retraction(slot, Retraction.Result.NOTHING_APPLIED, 0, List.of(), List.of());
        }
        List<JournalEntry> entries = journaled.entries;
        journalEntries -= entries.size();
        retracted += entries.size();
        Map<Integer, PublicKey> touched = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            histories.get(e.curveId).remove(e);
            touched.put(e.curveId, e.mint);
        }
        List<PublicKey> changed = new ArrayList<>();
        List<PublicKey> removed = new ArrayList<>();
        for (Map.Entry<Integer, PublicKey> t : touched.entrySet()) {
            int row = t.getKey();
            CurveHistory h = histories.get(row);
            if (h.replay(scratch)) {
                table.write(row, scratch);
                changed.add(t.getValue());
            } else {
                table.remove(row);
                removed.add(t.getValue());
            }
            if (h.entries.isEmpty()) {
                histories.remove(row);
            }
        }
        return new Retraction(slot, Retraction.Result.UNDONE, entries.size(), List.copyOf(changed), List.copyOf(removed));
    }

    /**
     * Makes every slot at or below {@code finalizedSlot} final: forgets their undo entries (folding them into
     * their curves' base state) and refuses later copies of their inputs as {@link Outcome#STALE}. Returns
     * the number of entries forgotten.
     */
    public int prune(long finalizedSlot) {
        if (finalizedSlot <= this.finalizedSlot) {
            return 0;
        }
        this.finalizedSlot = finalizedSlot;
        int forgotten = 0;
        var done = journal.headMap(finalizedSlot, true);
        // A slot's entries go with it, key and all: nothing is looked up per entry but its curve, which settles
        // everything it had up to the slot at its first entry (a second settle finds nothing left to fold).
        for (SlotJournal slot : done.values()) {
            for (JournalEntry e : slot.entries) {
                CurveHistory h = histories.get(e.curveId);
                if (h != null) {
                    h.settle(finalizedSlot);
                    if (h.entries.isEmpty()) {
                        histories.remove(e.curveId);
                    }
                }
            }
            forgotten += slot.entries.size();
        }
        done.clear();
        journalEntries -= forgotten;
        deadSlots.headSet(finalizedSlot, true).clear();
        return forgotten;
    }

    public Optional<CurveView> curve(PublicKey mint) {
        int row = table.find(mint);
        return row < 0 ? Optional.empty() : Optional.of(view(row));
    }

    /** Up to {@code limit} curves, most recently active first (ties by mint). */
    public List<CurveView> mostRecentlyActive(int limit) {
        return mostRecentlyActive(null, limit);
    }

    /** Up to {@code limit} curves with {@code status} (null: any), most recently active first (ties by mint). */
    public List<CurveView> mostRecentlyActive(CurveStatus status, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: must be >= 0, got " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        int[] rows = table.mostRecentlyActive(status, limit);
        List<CurveView> out = new ArrayList<>(rows.length);
        for (int row : rows) {
            out.add(view(row));
        }
        return List.copyOf(out);
    }

    public int size() {
        return table.size();
    }

    /** The highest slot given to {@link #prune}, or -1. */
    public long finalizedSlot() {
        return finalizedSlot;
    }

    public int journalSize() {
        return journalEntries;
    }

    public Counters counters() {
        return new Counters(applied, duplicates, stale, deadSlot, retracted, forcedFinalizations);
    }

    /** Heap held by the curve table (not the journal), for metrics and the memory test. */
    public long tableBytes() {
        return table.bytes();
    }

    private Outcome refusal(long slot) {
        if (slot <= finalizedSlot) {
            stale++;
            return Outcome.STALE;
        }
        if (!deadSlots.isEmpty() && deadSlots.contains(slot)) {
            deadSlot++;
            return Outcome.DEAD_SLOT;
        }
        return null;
    }

    private Outcome record(JournalEntry e) {
        SlotJournal journaled = journal.computeIfAbsent(e.slot, s -> new SlotJournal());
        JournalEntry known = journaled.byKey.putIfAbsent(e, e);
        if (known != null) {
            duplicates++;
            if (known.txIndex < 0 && e.txIndex >= 0) {
                place(known, e);
            }
            return Outcome.DUPLICATE;
        }
        int row = table.find(e.mint);
        CurveHistory h;
        if (row < 0) {
            row = table.add(e.mint);
            h = new CurveHistory(e.mint, null);
            histories.put(row, h);
        } else {
            h = histories.get(row);
            if (h == null) {
                table.read(row, scratch);
                h = new CurveHistory(e.mint, scratch.copy());
                histories.put(row, h);
            }
        }
        e.curveId = row;
        journaled.entries.add(e);
        journalEntries++;
        h.insert(e);
        h.replay(scratch);
        table.write(row, scratch);
        applied++;
        while (journalEntries > settings.maxJournalEntries()) {
            forcedFinalizations++;
            prune(journal.firstKey());
        }
        return Outcome.APPLIED;
    }

    /**
     * A copy of an event that knows its transaction's place in the block, where the copy applied first
     * did not (logsSubscribe does not say it): the event moves to its place among the slot's others,
     * and its curve is replayed, so the curve's state is the fold in chain order after all.
     */
    private void place(JournalEntry known, JournalEntry placed) {
        int row = known.curveId;
        CurveHistory h = histories.get(row);
        SlotJournal journaled = journal.get(known.slot);
        if (h == null || journaled == null) {
            return;
        }
        journaled.byKey.remove(known);
        journaled.byKey.put(placed, placed);
        journaled.entries.set(journaled.entries.indexOf(known), placed);
        placed.curveId = row;
        h.replace(known, placed);
        h.replay(scratch);
        table.write(row, scratch);
    }

    private CurveView view(int row) {
        CurveState s = new CurveState();
        table.read(row, s);
        if (s.initialRealTokenReserves != 0) {
            return CurveView.of(s, settings.defaultFeeRates(), s.initialRealTokenReserves, CurveProgress.Source.CREATE_EVENT);
        }
        return globalInitialRealTokenReserves != 0
                ? CurveView.of(s, settings.defaultFeeRates(), globalInitialRealTokenReserves, CurveProgress.Source.GLOBAL_ACCOUNT)
                : CurveView.of(s, settings.defaultFeeRates(), settings.defaultInitialRealTokenReserves(), CurveProgress.Source.DEFAULT);
    }

    /**
     * One slot's undo entries in the order applied, and by key (each itself) for deduplication: the map gives
     * back the copy applied first. Per slot rather than one map for the whole journal, so that a slot made final
     * or retracted goes whole, without a removal per entry from a map of up to {@link Settings#maxJournalEntries}.
     */
    private static final class SlotJournal {
        final List<JournalEntry> entries = new ArrayList<>();
        final Map<JournalEntry, JournalEntry> byKey = new HashMap<>();
    }

    /** The mint a pump event is about: every pump event names one. */
    public static PublicKey mintOf(PumpEvent event) {
        return switch (event) {
            case CreateEvent c -> c.mint();
            case TradeEvent t -> t.mint();
            case CompleteEvent c -> c.mint();
            case CompletePumpAmmMigrationEvent m -> m.mint();
        };
    }
}
