package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.ProductionRecord;
import java.util.Arrays;

/**
 * What the simulator produced, slot by slot, for coverage checks: whether the slot got a block that
 * stayed canonical, none (skipped), or one a fork abandoned, and how many genuine pump events its
 * block held. Five bytes a slot, kept for the simulator's lifetime (18 MB an hour at 1,000 slots a
 * second).
 *
 * <p>Appended by the simulator thread, read by any thread; guarded by this object's lock.
 */
final class ProductionLog {
    private long firstSlot = -1;
    private byte[] status = new byte[4096];
    private int[] events = new int[4096];
    private int size;

    synchronized void produced(long slot, int pumpEvents) {
        set(slot, ProductionRecord.SlotStatus.PRODUCED, pumpEvents);
    }

    synchronized void skipped(long slot) {
        set(slot, ProductionRecord.SlotStatus.SKIPPED, 0);
    }

    synchronized void abandoned(long slot) {
        int i = (int) (slot - firstSlot);
        status[i] = (byte) ProductionRecord.SlotStatus.ABANDONED.ordinal();
    }

    synchronized ProductionRecord snapshot() {
        return new ProductionRecord(Math.max(firstSlot, 0), Arrays.copyOf(status, size), Arrays.copyOf(events, size));
    }

    private void set(long slot, ProductionRecord.SlotStatus s, int n) {
        if (firstSlot < 0) {
            firstSlot = slot;
        }
        int i = (int) (slot - firstSlot);
        if (i != size) {
            throw new IllegalStateException("slot " + slot + " recorded out of order: expected " + (firstSlot + size));
        }
        if (i == status.length) {
            status = Arrays.copyOf(status, status.length * 2);
            events = Arrays.copyOf(events, events.length * 2);
        }
        status[i] = (byte) s.ordinal();
        events[i] = n;
        size++;
    }
}
