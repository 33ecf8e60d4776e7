package io.chainwatch.sim.solana;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Everything that shapes one simulated Solana cluster. Checked once here, with the bad value named;
 * the simulator never replaces a value.
 *
 * @param seed                    seeds the one random generator: the same seed and the same calls give
 *                                the same slots, keys, signatures and trades
 * @param endpoints               RPC endpoints (each an HTTP and WebSocket server on its own port)
 * @param production              how slots pass
 * @param startSlot               the slot of the first block (mainnet is in the hundreds of millions)
 * @param confirmationDepth       slots between the processed tip and the confirmed level
 * @param finalizationDepth       slots between the processed tip and the finalized level (~32 on mainnet)
 * @param skipRate                chance that a slot's leader produces no block
 * @param forkRate                chance that a slot's block is built on the parent of the newest block,
 *                                abandoning it (it never becomes confirmed)
 * @param historySlots            most recent slots kept; older blocks answer "cleaned up" as on a node
 * @param activity                what happens on pump.fun
 * @param subscriberQueueMessages bound of each WebSocket connection's outbound queue; a connection whose
 *                                queue is full is disconnected and counted
 * @param clock                   source of block times
 */
public record SolanaSimConfig(
        long seed,
        int endpoints,
        SlotProduction production,
        long startSlot,
        int confirmationDepth,
        int finalizationDepth,
        double skipRate,
        double forkRate,
        int historySlots,
        PumpActivity activity,
        int subscriberQueueMessages,
        InstantSource clock) {

    /** Slots kept beyond the finalization depth, so that finalized blocks stay readable for a while. */
    public static final int MIN_HISTORY_BEYOND_FINALIZED = 128;
    public static final long DEFAULT_START_SLOT = 300_000_000L;
    /** The chance that a buy completes its curve under load: see {@link #load}. */
    static final double LOAD_COMPLETION_CHANCE = 0.001;

    public SolanaSimConfig {
        Objects.requireNonNull(production, "solana.production: need a value, got null");
        Objects.requireNonNull(activity, "solana.activity: need a value, got null");
        Objects.requireNonNull(clock, "solana.clock: need a value, got null");
        requireBetween("solana.endpoints", endpoints, 1, 32);
        if (startSlot < 1 || startSlot > 1L << 52) {
            throw new IllegalArgumentException("solana.startSlot: need 1.." + (1L << 52) + ", got " + startSlot);
        }
        requireBetween("solana.confirmationDepth", confirmationDepth, 1, 64);
        requireBetween("solana.finalizationDepth", finalizationDepth, confirmationDepth + 1, 1_024);
        if (!(skipRate >= 0 && skipRate <= 0.9)) {
            throw new IllegalArgumentException("solana.skipRate: need 0..0.9, got " + skipRate);
        }
        if (!(forkRate >= 0 && forkRate <= 0.5)) {
            throw new IllegalArgumentException("solana.forkRate: need 0..0.5, got " + forkRate);
        }
        int minHistory = finalizationDepth + MIN_HISTORY_BEYOND_FINALIZED;
        requireBetween("solana.historySlots", historySlots, minHistory, 10_000_000);
        requireBetween("solana.subscriberQueueMessages", subscriberQueueMessages, 16, 10_000_000);
        int perSlot = maxMessagesPerSlot(activity);
        if (production instanceof SlotProduction.Load && subscriberQueueMessages < 2 * perSlot) {
            throw new IllegalArgumentException("solana.subscriberQueueMessages: load production with this activity needs at least "
                    + 2 * perSlot + ", got " + subscriberQueueMessages);
        }
    }

    /** Tests: two endpoints, slots only on request, no random skips or forks, a typical pump.fun activity. */
    public static SolanaSimConfig manual(long seed) {
        return new SolanaSimConfig(seed, 2, SlotProduction.manual(), DEFAULT_START_SLOT, 2, 32, 0, 0, 4_096,
                PumpActivity.typical(), 16_384, InstantSource.system());
    }

    /** {@code chainwatch demo}: three endpoints, a slot every 400 ms, 5% skipped slots, now and then a fork. */
    public static SolanaSimConfig demo(long seed) {
        return new SolanaSimConfig(seed, 3, SlotProduction.every(Duration.ofMillis(400)), DEFAULT_START_SLOT, 2, 32, 0.05, 0.02,
                10_000, PumpActivity.typical(), 16_384, InstantSource.system());
    }

    /**
     * Load runs: one endpoint, slots as fast as subscribers read, bounded queues, and a history of
     * 8,192 slots: under two seconds at load speed, which a reader must stay within (a node keeps
     * days), and about a quarter of a gigabyte of heap at twenty trades a slot. One buy in a
     * thousand completes its curve: still some twenty times mainnet's share (about a hundred curves
     * complete a day among millions of trades), where the demo's one in fifty would complete
     * hundreds of curves a second and load the alerting with them.
     */
    public static SolanaSimConfig load(long seed) {
        PumpActivity busy = PumpActivity.typical().withTradesPerSlot(20).withCompletionChance(LOAD_COMPLETION_CHANCE);
        return new SolanaSimConfig(seed, 1, SlotProduction.load(), DEFAULT_START_SLOT, 2, 32, 0.02, 0.01,
                8_192, busy, 8 * maxMessagesPerSlot(busy), InstantSource.system());
    }

    public SolanaSimConfig withProduction(SlotProduction p) {
        return new SolanaSimConfig(seed, endpoints, p, startSlot, confirmationDepth, finalizationDepth, skipRate, forkRate,
                historySlots, activity, subscriberQueueMessages, clock);
    }

    public SolanaSimConfig withEndpoints(int n) {
        return new SolanaSimConfig(seed, n, production, startSlot, confirmationDepth, finalizationDepth, skipRate, forkRate,
                historySlots, activity, subscriberQueueMessages, clock);
    }

    public SolanaSimConfig withSkipRate(double p) {
        return new SolanaSimConfig(seed, endpoints, production, startSlot, confirmationDepth, finalizationDepth, p, forkRate,
                historySlots, activity, subscriberQueueMessages, clock);
    }

    public SolanaSimConfig withForkRate(double p) {
        return new SolanaSimConfig(seed, endpoints, production, startSlot, confirmationDepth, finalizationDepth, skipRate, p,
                historySlots, activity, subscriberQueueMessages, clock);
    }

    public SolanaSimConfig withDepths(int confirmation, int finalization) {
        return new SolanaSimConfig(seed, endpoints, production, startSlot, confirmation, finalization, skipRate, forkRate,
                historySlots, activity, subscriberQueueMessages, clock);
    }

    public SolanaSimConfig withHistorySlots(int slots) {
        return new SolanaSimConfig(seed, endpoints, production, startSlot, confirmationDepth, finalizationDepth, skipRate, forkRate,
                slots, activity, subscriberQueueMessages, clock);
    }

    public SolanaSimConfig withActivity(PumpActivity a) {
        return new SolanaSimConfig(seed, endpoints, production, startSlot, confirmationDepth, finalizationDepth, skipRate, forkRate,
                historySlots, a, subscriberQueueMessages, clock);
    }

    public SolanaSimConfig withSubscriberQueueMessages(int n) {
        return new SolanaSimConfig(seed, endpoints, production, startSlot, confirmationDepth, finalizationDepth, skipRate, forkRate,
                historySlots, activity, n, clock);
    }

    public SolanaSimConfig withClock(InstantSource c) {
        return new SolanaSimConfig(seed, endpoints, production, startSlot, confirmationDepth, finalizationDepth, skipRate, forkRate,
                historySlots, activity, subscriberQueueMessages, c);
    }

    /**
     * Upper bound (with a wide margin) of WebSocket messages one slot causes on one connection with
     * one subscription of each kind at each commitment level: a slot notification, a logs
     * notification per transaction, an account notification per changed account.
     */
    public static int maxMessagesPerSlot(PumpActivity activity) {
        int txs = activity.maxTransactionsPerSlotEstimate();
        return 3 * (1 + 2 * txs + 2 * txs);
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": need " + min + ".." + max + ", got " + value);
        }
    }
}
