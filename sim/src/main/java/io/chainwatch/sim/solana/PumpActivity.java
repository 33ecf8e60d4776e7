package io.chainwatch.sim.solana;

/**
 * What happens on pump.fun in the simulated chain. Checked once here; the simulator never replaces
 * a value.
 *
 * @param initialCurves       curves created in the first slot, before the simulator serves anything
 * @param tradesPerSlot       mean buys and sells per produced slot (Poisson)
 * @param createsPerSlot      mean new curves per produced slot (Poisson), while fewer than
 *                            {@code maxLiveCurves} are live; half of them come with a dev buy
 * @param completionChance    chance that a buy takes every token left, completing the curve
 * @param migrationDelaySlots slots between a curve's completion and its migration to PumpSwap
 * @param routerShare         share of buys made through {@link SolanaPrograms#ROUTER}, which logs a
 *                            decoy event with TradeEvent's discriminator
 * @param failedShare         share of trades that fail: half on slippage (no event), half in a later
 *                            instruction after pump logged its TradeEvent (the event must be dropped)
 * @param otherTxPerSlot      mean plain SOL transfers per produced slot, which mention no pump account
 * @param versionedShare      share of transactions sent as v0 messages (getBlock and getTransaction
 *                            then need {@code maxSupportedTransactionVersion})
 * @param maxLiveCurves       curves not yet migrated, at most
 * @param layouts             which event lengths are written
 */
public record PumpActivity(
        int initialCurves,
        double tradesPerSlot,
        double createsPerSlot,
        double completionChance,
        int migrationDelaySlots,
        double routerShare,
        double failedShare,
        double otherTxPerSlot,
        double versionedShare,
        int maxLiveCurves,
        EventLayouts layouts) {

    public PumpActivity {
        if (layouts == null) {
            throw new IllegalArgumentException("solana.activity.layouts: need MAINNET or MIXED, got null");
        }
        requireBetween("solana.activity.initialCurves", initialCurves, 0, 10_000);
        requireMean("solana.activity.tradesPerSlot", tradesPerSlot, 10_000);
        requireMean("solana.activity.createsPerSlot", createsPerSlot, 1_000);
        requireProbability("solana.activity.completionChance", completionChance);
        requireBetween("solana.activity.migrationDelaySlots", migrationDelaySlots, 0, 10_000);
        requireProbability("solana.activity.routerShare", routerShare);
        requireProbability("solana.activity.failedShare", failedShare);
        requireMean("solana.activity.otherTxPerSlot", otherTxPerSlot, 10_000);
        requireProbability("solana.activity.versionedShare", versionedShare);
        requireBetween("solana.activity.maxLiveCurves", maxLiveCurves, 1, 1_000_000);
        if (initialCurves > maxLiveCurves) {
            throw new IllegalArgumentException("solana.activity.initialCurves: need at most maxLiveCurves (" + maxLiveCurves + "), got "
                    + initialCurves);
        }
    }

    /** A few trades per slot on a handful of curves, now and then a completion; every kind of transaction shows up. */
    public static PumpActivity typical() {
        return new PumpActivity(8, 4, 0.2, 0.02, 2, 0.1, 0.05, 1, 0.3, 64, EventLayouts.MAINNET);
    }

    public PumpActivity withLayouts(EventLayouts l) {
        return new PumpActivity(initialCurves, tradesPerSlot, createsPerSlot, completionChance, migrationDelaySlots, routerShare,
                failedShare, otherTxPerSlot, versionedShare, maxLiveCurves, l);
    }

    public PumpActivity withTradesPerSlot(double mean) {
        return new PumpActivity(initialCurves, mean, createsPerSlot, completionChance, migrationDelaySlots, routerShare,
                failedShare, otherTxPerSlot, versionedShare, maxLiveCurves, layouts);
    }

    public PumpActivity withCompletionChance(double p) {
        return new PumpActivity(initialCurves, tradesPerSlot, createsPerSlot, p, migrationDelaySlots, routerShare, failedShare,
                otherTxPerSlot, versionedShare, maxLiveCurves, layouts);
    }

    public PumpActivity withVersionedShare(double p) {
        return new PumpActivity(initialCurves, tradesPerSlot, createsPerSlot, completionChance, migrationDelaySlots, routerShare,
                failedShare, otherTxPerSlot, p, maxLiveCurves, layouts);
    }

    /** Upper bound of transactions in one slot, for sizing queues: far above the means. */
    int maxTransactionsPerSlotEstimate() {
        double mean = tradesPerSlot + createsPerSlot + otherTxPerSlot + 1;
        return (int) Math.ceil(mean + 6 * Math.sqrt(mean) + 4);
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": need " + min + ".." + max + ", got " + value);
        }
    }

    private static void requireMean(String name, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(name + ": need 0.." + max + ", got " + value);
        }
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + ": need 0..1, got " + p);
        }
    }
}
