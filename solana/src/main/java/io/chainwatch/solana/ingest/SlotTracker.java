package io.chainwatch.solana.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Which slots have been handled, contiguously, from a start slot on. A slot is handled when its data
 * was delivered whole, when it turned out to be skipped (the leader produced no block: not a gap), or
 * when it was given up as a permanent gap after recovery failed (recorded and reported, never
 * skipped quietly). The checkpoint is the highest slot below which every slot is handled; it moves
 * only over handled slots, so a gap holds it back until the gap is backfilled or given up.
 *
 * <p>Gaps are found as they happen: a slot still unhandled when a later slot has been delivered,
 * or when the network's tip (from slot notifications) is {@code graceSlots} past it. That catches
 * the silent kind too, a stream that resumes further on than it was asked to.
 *
 * <p>States live in a ring over the slots from the checkpoint up, at most {@code windowSlots} wide.
 * A slot further ahead than that forces the oldest unhandled slots out as permanent gaps (counted as
 * {@link Outcome#WINDOW_OVERFLOW}), so memory stays bounded and nothing is lost without a record.
 *
 * <p>Owned by the ingest thread; not thread-safe. {@link #stats()} gives an immutable record that
 * may cross threads.
 */
public final class SlotTracker {
    private static final byte UNKNOWN = 0;
    private static final byte DELIVERED = 1;
    private static final byte SKIPPED = 2;
    private static final byte LOST = 3;

    /** What {@link #delivered} made of a slot's data. */
    public enum Outcome {
        /** First delivery: process its events. */
        NEW,
        /** Already handled (a replay's overlap, a second endpoint): drop it. */
        DUPLICATE,
        /** Below the checkpoint: already handled long ago; drop it. */
        BEHIND,
        /** A slot so far ahead that the oldest open gaps had to be given up; it is processed. */
        WINDOW_OVERFLOW
    }

    /** Counts and positions at one moment; immutable. */
    public record Stats(long checkpoint, long highestDelivered, long networkTip, long openGapSlots,
                        long delivered, long skipped, long lost, long duplicates) {
        /** Slots behind the network's tip. */
        public long lagSlots() {
            return networkTip < 0 ? 0 : Math.max(0, networkTip - checkpoint);
        }

        /** Slots processed ÷ slots produced (delivered + lost; skipped slots produced nothing). 1 when none yet. */
        public double coverage() {
            long produced = delivered + lost;
            return produced == 0 ? 1.0 : (double) delivered / produced;
        }
    }

    /** A run of unhandled slots, both ends included. */
    public record Gap(long from, long to) {
        public long slots() {
            return to - from + 1;
        }
    }

    private final int windowSlots;
    private final long graceSlots;
    private byte[] ring;
    /** The first slot not yet known to be handled contiguously: checkpoint + 1. */
    private long base;
    private long highestDelivered = -1;
    private long networkTip = -1;
    private long delivered;
    private long skipped;
    private long lost;
    private long duplicates;
    private final List<Long> lostSlots = new ArrayList<>();

    /**
     * @param firstSlot   the first slot to handle (the one after a stored checkpoint on restart)
     * @param graceSlots  how far the network's tip may run ahead of an undelivered slot before it is a gap
     * @param windowSlots most slots held between the checkpoint and the newest delivery
     */
    public SlotTracker(long firstSlot, long graceSlots, int windowSlots) {
        if (firstSlot < 0) {
            throw new IllegalArgumentException("firstSlot: need at least 0, got " + firstSlot);
        }
        if (graceSlots < 0) {
            throw new IllegalArgumentException("graceSlots: need at least 0, got " + graceSlots);
        }
        if (windowSlots < 16) {
            throw new IllegalArgumentException("windowSlots: need at least 16, got " + windowSlots);
        }
        this.base = firstSlot;
        this.graceSlots = graceSlots;
        this.windowSlots = windowSlots;
        this.ring = new byte[Math.min(windowSlots, 1024)];
    }

    /** The network has reached {@code slot} (a slot notification at our commitment). */
    public void observedTip(long slot) {
        networkTip = Math.max(networkTip, slot);
    }

    /** A slot's data arrived whole. */
    public Outcome delivered(long slot) {
        if (slot < base) {
            duplicates++;
            return Outcome.BEHIND;
        }
        Outcome outcome = makeRoom(slot) ? Outcome.WINDOW_OVERFLOW : Outcome.NEW;
        if (state(slot) != UNKNOWN) {
            duplicates++;
            return Outcome.DUPLICATE;
        }
        set(slot, DELIVERED);
        delivered++;
        highestDelivered = Math.max(highestDelivered, slot);
        networkTip = Math.max(networkTip, slot);
        advance();
        return outcome;
    }

    /** The leader produced no block for {@code slot}: handled, and not a gap. */
    public void skipped(long slot) {
        if (slot < base) {
            return;
        }
        makeRoom(slot);
        if (state(slot) == UNKNOWN) {
            set(slot, SKIPPED);
            skipped++;
            advance();
        }
    }

    /** Recovery gave {@code slot} up: recorded as a permanent gap, and the checkpoint may pass it. */
    public void lost(long slot) {
        if (slot < base) {
            return;
        }
        makeRoom(slot);
        if (state(slot) == UNKNOWN) {
            markLost(slot);
            advance();
        }
    }

    /** Unhandled slots that are gaps now, oldest first, as runs. */
    public List<Gap> openGaps() {
        long limit = gapLimit();
        List<Gap> gaps = new ArrayList<>();
        long start = -1;
        for (long s = base; s <= limit; s++) {
            boolean open = state(s) == UNKNOWN;
            if (open && start < 0) {
                start = s;
            } else if (!open && start >= 0) {
                gaps.add(new Gap(start, s - 1));
                start = -1;
            }
        }
        if (start >= 0) {
            gaps.add(new Gap(start, limit));
        }
        return gaps;
    }

    /** The highest slot with every slot up to it handled; {@code firstSlot - 1} before any. */
    public long checkpoint() {
        return base - 1;
    }

    /** Every slot given up so far, for the report. */
    public List<Long> lostSlots() {
        return List.copyOf(lostSlots);
    }

    public Stats stats() {
        long open = 0;
        long limit = gapLimit();
        for (long s = base; s <= limit; s++) {
            if (state(s) == UNKNOWN) {
                open++;
            }
        }
        return new Stats(checkpoint(), highestDelivered, networkTip, open, delivered, skipped, lost, duplicates);
    }

    /** Slots up to here that are still unhandled are gaps: below a later delivery, or far enough behind the tip. */
    private long gapLimit() {
        long byTip = networkTip < 0 ? -1 : networkTip - graceSlots;
        // Never past the window: a tip claimed far ahead (feed only credible tips) costs no more than that.
        return Math.min(base + windowSlots - 1, Math.max(highestDelivered - 1, byTip));
    }

    private void markLost(long slot) {
        set(slot, LOST);
        lost++;
        lostSlots.add(slot);
    }

    /** Moves the base over handled slots, clearing their cells for reuse. */
    private void advance() {
        while (base <= highestKnown() && state(base) != UNKNOWN) {
            set(base, UNKNOWN);
            base++;
        }
    }

    private long highestKnown() {
        return base + ring.length - 1;
    }

    /** Grows the ring to hold {@code slot}; past the window, gives the oldest unhandled slots up. True if it had to. */
    private boolean makeRoom(long slot) {
        boolean overflow = false;
        while (slot - base >= windowSlots) {
            if (state(base) == UNKNOWN) {
                markLost(base);
                overflow = true;
            }
            set(base, UNKNOWN);
            base++;
            advance();
        }
        if (slot - base >= ring.length) {
            int size = ring.length;
            while (slot - base >= size) {
                size = Math.min(windowSlots, size * 2);
            }
            byte[] next = new byte[size];
            for (long s = base; s < base + ring.length; s++) {
                next[(int) Math.floorMod(s, (long) size)] = ring[(int) Math.floorMod(s, (long) ring.length)];
            }
            ring = next;
        }
        return overflow;
    }

    private byte state(long slot) {
        if (slot < base || slot - base >= ring.length) {
            return slot < base ? DELIVERED : UNKNOWN;
        }
        return ring[(int) Math.floorMod(slot, (long) ring.length)];
    }

    private void set(long slot, byte value) {
        ring[(int) Math.floorMod(slot, (long) ring.length)] = value;
    }
}
