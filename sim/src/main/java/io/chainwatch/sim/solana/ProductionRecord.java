package io.chainwatch.sim.solana;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulator produced from its first slot to the last one it decided, read at one moment:
 * for each slot whether it got a block that is canonical, none (the leader skipped it), or one that
 * a fork abandoned, and how many genuine pump and PumpSwap events that block holds (successful
 * transactions only; decoys excluded). Coverage checks compare what a consumer saw with this.
 * Immutable.
 */
public final class ProductionRecord {
    /** What became of one slot. */
    public enum SlotStatus {
        /** A block that is on the canonical chain. */
        PRODUCED,
        /** No block: the leader produced none. */
        SKIPPED,
        /** A block was produced, then abandoned by a fork; it never becomes confirmed. */
        ABANDONED
    }

    private final long firstSlot;
    private final byte[] status;
    private final int[] events;

    /** Takes the arrays over (one {@link SlotStatus} ordinal and one event count per slot); the simulator hands over copies. */
    public ProductionRecord(long firstSlot, byte[] status, int[] events) {
        this.firstSlot = firstSlot;
        this.status = status;
        this.events = events;
    }

    public long firstSlot() {
        return firstSlot;
    }

    /** The last slot decided; {@code firstSlot - 1} when none was. */
    public long lastSlot() {
        return firstSlot + status.length - 1;
    }

    public SlotStatus status(long slot) {
        return SlotStatus.values()[status[index(slot)]];
    }

    /** Genuine events in the slot's block (0 for a skipped slot). */
    public int pumpEvents(long slot) {
        return events[index(slot)];
    }

    public long count(SlotStatus s) {
        long n = 0;
        for (byte b : status) {
            if (b == s.ordinal()) {
                n++;
            }
        }
        return n;
    }

    /** Genuine events in canonical blocks from the first slot to {@code toSlot}. */
    public long canonicalPumpEvents(long toSlot) {
        long n = 0;
        for (int i = 0; i < status.length && firstSlot + i <= toSlot; i++) {
            if (status[i] == SlotStatus.PRODUCED.ordinal()) {
                n += events[i];
            }
        }
        return n;
    }

    /** The slots with status {@code s}, ascending. */
    public List<Long> slots(SlotStatus s) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < status.length; i++) {
            if (status[i] == s.ordinal()) {
                out.add(firstSlot + i);
            }
        }
        return out;
    }

    private int index(long slot) {
        if (slot < firstSlot || slot > lastSlot()) {
            throw new IllegalArgumentException("slot: need " + firstSlot + ".." + lastSlot() + ", got " + slot);
        }
        return (int) (slot - firstSlot);
    }
}
