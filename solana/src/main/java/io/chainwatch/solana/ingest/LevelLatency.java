package io.chainwatch.solana.ingest;

import java.util.Arrays;

/**
 * How long slots take to go from processed (a slot notification) to the level the feed reads at
 * (the level's tip passing them): the latency the adaptive commitment weighs. Slots are remembered
 * in a ring of fixed size, so a slot that never reaches the level costs nothing after it is
 * overwritten. Owned by one thread; not thread-safe.
 */
public final class LevelLatency {
    private final long[] slots;
    private final long[] seenAtMs;
    private final long[] samples;
    private int sampleCount;
    private long reachedTip = -1;

    /** @param capacity slots remembered between seen processed and reached (a power of two is not needed) */
    public LevelLatency(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be >= 1, got " + capacity);
        }
        this.slots = new long[capacity];
        this.seenAtMs = new long[capacity];
        this.samples = new long[capacity];
        Arrays.fill(slots, -1);
    }

    /** {@code slot} was seen processed at {@code atMs}; the first sighting counts. */
    public void processed(long slot, long atMs) {
        if (slot <= reachedTip) {
            return;
        }
        int i = (int) Math.floorMod(slot, (long) slots.length);
        if (slots[i] != slot) {
            slots[i] = slot;
            seenAtMs[i] = atMs;
        }
    }

    /** The level's tip is {@code tip} at {@code atMs}: every remembered slot up to it has reached the level. */
    public void reached(long tip, long atMs) {
        if (tip <= reachedTip) {
            return;
        }
        long from = reachedTip < 0 ? tip - slots.length + 1 : Math.max(reachedTip + 1, tip - slots.length + 1);
        for (long slot = Math.max(0, from); slot <= tip; slot++) {
            int i = (int) Math.floorMod(slot, (long) slots.length);
            if (slots[i] == slot) {
                slots[i] = -1;
                if (sampleCount < samples.length) {
                    samples[sampleCount++] = Math.max(0, atMs - seenAtMs[i]);
                }
            }
        }
        reachedTip = tip;
    }

    /** The median of the latencies measured since the last call, in ms, or -1 when none; starts a new window. */
    public double takeMedianMs() {
        if (sampleCount == 0) {
            return -1;
        }
        long[] window = Arrays.copyOf(samples, sampleCount);
        sampleCount = 0;
        Arrays.sort(window);
        int mid = window.length / 2;
        return window.length % 2 == 1 ? window[mid] : (window[mid - 1] + window[mid]) / 2.0;
    }
}
