package io.chainwatch.store;

import io.chainwatch.core.U256;
import io.chainwatch.core.config.Commitment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A deterministic pump.fun-like chain for restart tests: what every slot holds (trades on a few
 * mints, some slots skipped, some lost for good), a writer that commits it from a feed's
 * checkpoint as an ingest pipeline would, and the curve states it leads to.
 */
final class SolanaStream {
    static final long LABEL = 4242;
    static final int MINTS = 16;
    static final Instant LOST_AT = Instant.parse("2025-05-06T07:08:09Z");

    private SolanaStream() {
    }

    /** Slots the leader produced nothing in: not gaps. */
    static boolean skipped(long slot) {
        return slot % 10 == 7;
    }

    /** Slots still missing after the last retry. */
    static boolean lost(long slot) {
        return slot % 50 == 23;
    }

    static SolanaPubkey mint(int i) {
        return SolanaFixtures.key(LABEL, i);
    }

    /** The events of {@code slot}, in chain order: 1 to 5 transactions, every other one with two trades. */
    static List<SolanaEventRow> events(long slot) {
        if (skipped(slot) || lost(slot)) {
            return List.of();
        }
        List<SolanaEventRow> out = new ArrayList<>();
        for (int tx = 0; tx < 1 + slot % 5; tx++) {
            for (int i = 0; i < 1 + tx % 2; i++) {
                out.add(SolanaFixtures.trade(LABEL, slot, tx, i, mint((int) ((slot * 7 + tx * 3 + i) % MINTS)), Commitment.CONFIRMED));
            }
        }
        return out;
    }

    /** Every event of {@code 1..last}. */
    static List<SolanaEventRow> eventsUpTo(long last) {
        List<SolanaEventRow> out = new ArrayList<>();
        for (long slot = 1; slot <= last; slot++) {
            out.addAll(events(slot));
        }
        return out;
    }

    /**
     * Commits slots after the feed's checkpoint up to {@code last}, {@code slotsPerCommit} at a
     * time, each commit with the curves it changed, its lost slots and the checkpoint at its last
     * slot. The first commit also carries again the events of the {@code overlap} slots up to the
     * checkpoint, as a source replaying after a reconnect does; the curves apply only events above
     * the checkpoint, as the monitor does.
     */
    static void write(SolanaStore store, String feed, long last, int slotsPerCommit, int overlap, LongConsumer committed) {
        long checkpoint = store.checkpoint(feed).map(SolanaStore.Checkpoint::slot).orElse(0L);
        Curves curves = Curves.of(store);
        for (long from = checkpoint + 1; from <= last; from += slotsPerCommit) {
            long to = Math.min(last, from + slotsPerCommit - 1);
            List<SolanaEventRow> events = new ArrayList<>();
            if (from == checkpoint + 1) {
                for (long s = Math.max(1, checkpoint - overlap + 1); s <= checkpoint; s++) {
                    events.addAll(events(s));
                }
            }
            List<SolanaStore.LostSlot> lost = new ArrayList<>();
            for (long s = from; s <= to; s++) {
                for (SolanaEventRow e : events(s)) {
                    curves.apply(e);
                    events.add(e);
                }
                if (lost(s)) {
                    lost.add(new SolanaStore.LostSlot(s, "getBlock failed after 5 retries: slot " + s + " not available", LOST_AT));
                }
            }
            store.commit(new SolanaStore.SlotCommit(feed, to, events, curves.drainChanged(), lost));
            committed.accept(to);
        }
    }

    /** Curve states built from trades, as the bonding-curve monitor would: one owner, not thread-safe. */
    static final class Curves {
        private final Map<SolanaPubkey, CurveRow> rows = new LinkedHashMap<>();
        private final Map<SolanaPubkey, CurveRow> changed = new LinkedHashMap<>();

        /** Starts from the states stored for the stream's mints. */
        static Curves of(SolanaStore store) {
            Curves c = new Curves();
            for (int i = 0; i < MINTS; i++) {
                store.curve(mint(i)).ifPresent(r -> c.rows.put(r.mint(), r));
            }
            return c;
        }

        /** The states of every event of {@code 1..last} applied to nothing. */
        static Map<SolanaPubkey, CurveRow> after(long last) {
            Curves c = new Curves();
            eventsUpTo(last).forEach(c::apply);
            return c.rows;
        }

        void apply(SolanaEventRow e) {
            SolanaEventRow.Trade t = e.trade();
            CurveRow r = rows.get(e.mint());
            if (r == null) {
                r = new CurveRow(e.mint(), CurveRow.Status.CREATED, SolanaFixtures.key(LABEL + 9, e.slot()), 1_073_000_000_000_000L,
                        30_000_000_000L, 793_100_000_000_000L, 0, 1_000_000_000_000_000L, false, U256.ZERO, U256.ZERO, 0, e.slot(),
                        null, e.slot());
            }
            long sign = t.buy() ? 1 : -1;
            U256 buys = t.buy() ? add(r.buyVolumeLamports(), t.solLamports()) : r.buyVolumeLamports();
            U256 sells = t.buy() ? r.sellVolumeLamports() : add(r.sellVolumeLamports(), t.solLamports());
            r = new CurveRow(r.mint(), CurveRow.Status.TRADING, r.creator(), r.virtualTokenReserves() - sign * t.tokenAmount(),
                    r.virtualSolLamports() + sign * t.solLamports(), r.realTokenReserves() - sign * t.tokenAmount(),
                    r.realSolLamports() + sign * t.solLamports(), r.tokenTotalSupply(), false, buys, sells, r.trades() + 1,
                    r.createdSlot(), new CurveRow.LastTrade(e.slot(), e.signature()), e.slot());
            rows.put(r.mint(), r);
            changed.put(r.mint(), r);
        }

        List<CurveRow> drainChanged() {
            List<CurveRow> out = List.copyOf(changed.values());
            changed.clear();
            return out;
        }

        private static U256 add(U256 a, long lamports) {
            return U256.of(a.toBigInteger().add(java.math.BigInteger.valueOf(lamports)));
        }
    }
}
