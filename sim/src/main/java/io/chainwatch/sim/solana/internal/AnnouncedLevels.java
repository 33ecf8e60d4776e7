package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Commitment;

/**
 * What one endpoint transport has announced at each commitment level, and the rule that moves it
 * on: announce the canonical blocks between what was announced and what the endpoint shows now,
 * level by level. One rule covers new slots, forks (abandoned blocks are no longer in the view, so
 * they are never announced past processed) and an endpoint that lags (it shows less, so it
 * announces later). Shared by the WebSocket {@link SolanaHub} and the {@link GeyserHub}.
 *
 * <p>Owned by the simulator thread; not thread-safe.
 */
final class AnnouncedLevels {
    /** Told each block that reached a level, processed first, then confirmed, then finalized; slots ascending within a level. */
    @FunctionalInterface
    interface Reached {
        void reached(Commitment level, SolBlock block);
    }

    private long processed;
    private long confirmed;
    private long finalized;

    /** Takes what the endpoint shows now as already announced. */
    void prime(LedgerView.Shown shown) {
        processed = shown.processed();
        confirmed = shown.confirmed();
        finalized = shown.finalized();
    }

    /** Tells {@code out} what reached each level since the last call and takes it as announced. */
    void advance(LedgerView view, LedgerView.Shown shown, Reached out) {
        processed = collect(view, Commitment.PROCESSED, processed, shown.processed(), out);
        confirmed = collect(view, Commitment.CONFIRMED, confirmed, shown.confirmed(), out);
        finalized = collect(view, Commitment.FINALIZED, finalized, shown.finalized(), out);
    }

    /** The newest slot announced at processed. */
    long processed() {
        return processed;
    }

    private static long collect(LedgerView view, Commitment level, long announced, long shown, Reached out) {
        if (shown <= announced) {
            return announced;
        }
        for (long slot = Math.max(announced + 1, view.lowest()); slot <= shown; slot++) {
            SolBlock b = view.block(slot);
            if (b != null) {
                out.reached(level, b);
            }
        }
        return shown;
    }
}
