package io.chainwatch.sim.solana;

import java.time.Duration;

/** How the Solana simulator moves from slot to slot. */
public sealed interface SlotProduction {

    /** Only {@link SolanaSimulator#produceSlots}, {@link SolanaSimulator#skipSlots} and {@link SolanaSimulator#fork} move the chain. */
    record Manual() implements SlotProduction {
    }

    /**
     * One slot every {@code intervalNanos}, as a cluster with a fixed slot time (mainnet: 400 ms). A
     * simulator that falls behind catches up in bursts of up to 4,096 slots, each announced on its own;
     * further behind, it drops the backlog.
     */
    record Timed(long intervalNanos) implements SlotProduction {
        public Timed {
            if (intervalNanos < 10_000) {
                throw new IllegalArgumentException("solana.production.intervalNanos: need at least 10000 (100,000 slots a second), got "
                        + intervalNanos);
            }
        }
    }

    /**
     * Like {@link Timed}, but the first {@code slots} slots are all made when the simulator starts,
     * before it serves anything (their transactions and log texts included), and then released one
     * every {@code intervalNanos}; after they run out, slots are made live. For load runs: the cost
     * of making the pump.fun transactions falls outside the measured window, and what is measured is
     * serving them and what reads them. Slots made ahead are made exactly as live ones (skips and
     * forks included: a fork made ahead abandons blocks made ahead, and is released after them); the
     * same seed gives the same chain either way. The prepared slots stay in memory until released
     * (and then in the history): about 1.4 KB a transaction, so some 28 KB a slot at twenty trades a
     * slot, 30 KB once released into a history that getSignaturesForAddress indexes (SlotsAheadHeapCheck
     * in the tests measures it); size the heap for it.
     *
     * <p>With {@code warmUpNanos} above zero, release starts as {@link Load} does, as fast as the
     * subscribers read, once the first one subscribes, and turns to the fixed rate after that long:
     * an open-loop load run then measures a reader already compiled and warm at the rate it is given,
     * not one that starts cold at it.
     */
    record Prepared(long intervalNanos, int slots, long warmUpNanos) implements SlotProduction {
        public Prepared(long intervalNanos, int slots) {
            this(intervalNanos, slots, 0);
        }

        public Prepared {
            if (warmUpNanos < 0) {
                throw new IllegalArgumentException("solana.production.warmUpNanos: need at least 0, got " + warmUpNanos);
            }
            if (intervalNanos < 10_000) {
                throw new IllegalArgumentException("solana.production.intervalNanos: need at least 10000 (100,000 slots a second), got "
                        + intervalNanos);
            }
            if (slots < 1 || slots > 10_000_000) {
                throw new IllegalArgumentException("solana.production.slots: need 1..10000000, got " + slots);
            }
        }
    }

    /**
     * Back-to-back slots, each released only when every WebSocket subscriber has room in its queue
     * for a whole slot's notifications: the chain runs as fast as the slowest subscriber reads. With
     * no subscriber the chain waits.
     *
     * <p>With {@code aheadSlots} above zero, that many slots are made when the simulator starts, as
     * {@link Prepared} makes them, and released first, as fast as the subscribers read; then slots
     * are made live. For load runs in one process with what reads them: while the slots made ahead
     * last, the simulator's work is to hand out text it already holds (and answer RPC from its
     * ledger), as a remote provider's node would, not to make pump.fun transactions.
     */
    record Load(int aheadSlots) implements SlotProduction {
        public Load {
            if (aheadSlots < 0 || aheadSlots > 10_000_000) {
                throw new IllegalArgumentException("solana.production.aheadSlots: need 0..10000000, got " + aheadSlots);
            }
        }
    }

    static SlotProduction manual() {
        return new Manual();
    }

    static SlotProduction every(Duration interval) {
        return new Timed(interval.toNanos());
    }

    /** Timed production at {@code slotsPerSecond} (thousands for load runs). */
    static SlotProduction perSecond(int slotsPerSecond) {
        if (slotsPerSecond < 1 || slotsPerSecond > 100_000) {
            throw new IllegalArgumentException("solana.production.slotsPerSecond: need 1..100000, got " + slotsPerSecond);
        }
        return new Timed(1_000_000_000L / slotsPerSecond);
    }

    /** {@link Prepared}: {@code slots} slots made at start, released at {@code slotsPerSecond}. */
    static SlotProduction prepared(int slotsPerSecond, int slots) {
        return prepared(slotsPerSecond, slots, Duration.ZERO);
    }

    /** {@link Prepared}: released as fast as read for {@code warmUp} from the first subscriber on, then at {@code slotsPerSecond}. */
    static SlotProduction prepared(int slotsPerSecond, int slots, Duration warmUp) {
        if (slotsPerSecond < 1 || slotsPerSecond > 100_000) {
            throw new IllegalArgumentException("solana.production.slotsPerSecond: need 1..100000, got " + slotsPerSecond);
        }
        return new Prepared(1_000_000_000L / slotsPerSecond, slots, warmUp.toNanos());
    }

    static SlotProduction load() {
        return new Load(0);
    }

    /** {@link Load} with {@code aheadSlots} slots made at start and released first. */
    static SlotProduction load(int aheadSlots) {
        return new Load(aheadSlots);
    }
}
