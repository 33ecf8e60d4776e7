package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.Pubkey;
import java.util.Map;

/**
 * An immutable snapshot of the simulated ledger: the canonical block of each kept slot (null for a
 * skipped slot or one whose block a fork abandoned) and the slot each commitment level has reached.
 * Published by the simulator thread, read by any thread.
 *
 * <p>The slot array is shared with the simulator thread, which may still write slots above
 * {@link #tip()}; the slots from {@link #lowest()} to the tip are never written again while this
 * view is published (abandoning blocks copies the array first), so the view stays what it was.
 */
public final class LedgerView {
    private final SolBlock[] slots;
    private final long base;
    private final long lowest;
    private final long tip;
    private final long confirmed;
    private final long finalized;
    private final long firstSlot;
    private final Map<Pubkey, SignatureIndex.Listing> signatures;

    LedgerView(SolBlock[] slots, long base, long lowest, long tip, long confirmed, long finalized, long firstSlot,
            Map<Pubkey, SignatureIndex.Listing> signatures) {
        this.slots = slots;
        this.base = base;
        this.lowest = lowest;
        this.tip = tip;
        this.confirmed = confirmed;
        this.finalized = finalized;
        this.firstSlot = firstSlot;
        this.signatures = signatures;
    }

    /**
     * The indexed transactions mentioning {@code address} in the kept blocks of this view, canonical
     * or not (the listing checks), or null when the address is not indexed (yet).
     */
    SignatureIndex.Listing signatures(Pubkey address) {
        return signatures.get(address);
    }

    /** The slot of the newest canonical block (what "processed" shows). */
    public long tip() {
        return tip;
    }

    public long confirmed() {
        return confirmed;
    }

    public long finalized() {
        return finalized;
    }

    /** Lowest slot still kept; older blocks were cleaned up. */
    public long lowest() {
        return lowest;
    }

    /** The slot of the simulator's first block; nothing exists below it. */
    public long firstSlot() {
        return firstSlot;
    }

    public long slot(Commitment c) {
        return switch (c) {
            case PROCESSED -> tip;
            case CONFIRMED -> confirmed;
            case FINALIZED -> finalized;
        };
    }

    /** The canonical block at {@code slot}, or null (skipped, abandoned, above the tip, or cleaned up). */
    public SolBlock block(long slot) {
        if (slot < lowest || slot > tip) {
            return null;
        }
        return slots[(int) (slot - base)];
    }

    /** The newest canonical block at or below {@code slot}, or null when none is kept. */
    public SolBlock atOrBelow(long slot) {
        for (long s = Math.min(slot, tip); s >= lowest; s--) {
            SolBlock b = slots[(int) (s - base)];
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /**
     * The slots an endpoint that is {@code lagSlots} behind shows: each level at the newest
     * canonical block no later than both the real level and the tip minus the lag.
     */
    public Shown shown(int lagSlots) {
        if (lagSlots == 0) {
            return new Shown(tip, confirmed, finalized);
        }
        long limit = tip - lagSlots;
        return new Shown(shownAt(limit), shownAt(Math.min(confirmed, limit)), shownAt(Math.min(finalized, limit)));
    }

    private long shownAt(long slot) {
        SolBlock b = atOrBelow(slot);
        return b != null ? b.slot() : lowest;
    }

    /** The slot of each commitment level as one endpoint shows it. */
    public record Shown(long processed, long confirmed, long finalized) {
        public long slot(Commitment c) {
            return switch (c) {
                case PROCESSED -> processed;
                case CONFIRMED -> confirmed;
                case FINALIZED -> finalized;
            };
        }
    }
}
