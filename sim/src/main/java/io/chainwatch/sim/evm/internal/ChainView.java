package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.SimBlock;

/**
 * An immutable snapshot of the canonical chain, published by the simulator thread and read by any
 * thread.
 *
 * <p>The slot array is shared with the simulator thread, which may still append to slots above
 * {@link #head()}; the slots from {@link #lowest()} to {@code head} are never written again (a reorg
 * copies the array first), so the snapshot stays what it was when published.
 */
public final class ChainView {
    private final SimBlock[] slots;
    private final long slotBase;
    private final long lowest;
    private final long head;
    private final long canonicalLogCount;

    ChainView(SimBlock[] slots, long slotBase, long lowest, long head, long canonicalLogCount) {
        this.slots = slots;
        this.slotBase = slotBase;
        this.lowest = lowest;
        this.head = head;
        this.canonicalLogCount = canonicalLogCount;
    }

    public long head() {
        return head;
    }

    /** Lowest block number still kept; older blocks were pruned. */
    public long lowest() {
        return lowest;
    }

    public SimBlock headBlock() {
        return slots[(int) (head - slotBase)];
    }

    /** The canonical block {@code number}, or null when it is above the head or pruned. */
    public SimBlock block(long number) {
        if (number < lowest || number > head) {
            return null;
        }
        return slots[(int) (number - slotBase)];
    }

    /** Logs on the canonical chain from genesis to the head, including pruned blocks. */
    public long canonicalLogCount() {
        return canonicalLogCount;
    }
}
