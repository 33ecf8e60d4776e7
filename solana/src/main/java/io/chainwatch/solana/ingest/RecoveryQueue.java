package io.chainwatch.solana.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * Missed slots waiting to be backfilled, in priority order: slots where the watched programs were
 * active first (a logs notification or a signature named the slot), then the oldest. Handed out in
 * batches that fit one {@code getBlocks(from, to)} call, followed by {@code getBlock} for each slot
 * it lists; a slot it does not list was skipped. A failed slot waits before its next attempt
 * ({@code retryDelayMs} of the attempt number: exponential with jitter, from the caller) and after
 * {@code maxRetries} failed attempts is given up: the caller records it as a permanent gap.
 *
 * <p>Owned by the ingest thread; not thread-safe.
 */
public final class RecoveryQueue {
    /** One batch: ask getBlocks for {@code from..to}, then getBlock for each of {@code slots} it lists. */
    public record Batch(long from, long to, List<Long> slots) {
    }

    /** What a failure did to a slot. */
    public enum Verdict {
        RETRY_LATER,
        GIVE_UP,
        /** The slot is not queued (done already, or never added): nothing to retry or give up. */
        NOT_QUEUED
    }

    private static final class Entry {
        boolean active;
        boolean inFlight;
        int attempts;
        long readyAtMs;
    }

    private final int batchSlots;
    private final int maxRetries;
    private final LongUnaryOperator retryDelayMs;
    /** Active slots, then the rest: each in slot order. */
    private final TreeMap<Long, Entry> active = new TreeMap<>();
    private final TreeMap<Long, Entry> quiet = new TreeMap<>();
    private final Map<Long, Entry> all = new HashMap<>();
    private long recovered;
    private long givenUp;
    private long attempts;

    /**
     * @param batchSlots   most slots per batch, and the widest getBlocks range
     * @param maxRetries   failed attempts after the first before a slot is given up (0: give up on the first failure)
     * @param retryDelayMs delay before attempt {@code n + 1} after {@code n} failed attempts
     */
    public RecoveryQueue(int batchSlots, int maxRetries, LongUnaryOperator retryDelayMs) {
        if (batchSlots < 1) {
            throw new IllegalArgumentException("batchSlots: need at least 1, got " + batchSlots);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries: need at least 0, got " + maxRetries);
        }
        this.batchSlots = batchSlots;
        this.maxRetries = maxRetries;
        this.retryDelayMs = retryDelayMs;
    }

    /** Queues a missed slot (again: no change, except that activity raises its priority). */
    public void add(long slot, boolean hadActivity) {
        Entry e = all.get(slot);
        if (e == null) {
            e = new Entry();
            all.put(slot, e);
            (hadActivity ? active : quiet).put(slot, e);
            e.active = hadActivity;
        } else if (hadActivity && !e.active) {
            markActive(slot);
        }
    }

    /** The watched programs were active in {@code slot}: if it is queued, it goes first. */
    public void markActive(long slot) {
        Entry e = all.get(slot);
        if (e != null && !e.active) {
            quiet.remove(slot);
            e.active = true;
            active.put(slot, e);
        }
    }

    public boolean contains(long slot) {
        return all.containsKey(slot);
    }

    /**
     * The next batch of slots ready at {@code nowMs}: the first ready slot of the highest priority,
     * and the ready slots of the same priority within {@code batchSlots} after it. Counts an attempt
     * for each slot in it. A slot handed out is in flight, and not handed out again, until
     * {@link #done} or {@link #failed} is called for it.
     */
    public Optional<Batch> next(long nowMs) {
        Optional<Batch> b = from(active, nowMs);
        return b.isPresent() ? b : from(quiet, nowMs);
    }

    private Optional<Batch> from(TreeMap<Long, Entry> queue, long nowMs) {
        Long first = null;
        for (var e : queue.entrySet()) {
            if (ready(e.getValue(), nowMs)) {
                first = e.getKey();
                break;
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        long end = first + batchSlots - 1;
        List<Long> slots = new ArrayList<>();
        for (var e : queue.subMap(first, true, end, true).entrySet()) {
            if (ready(e.getValue(), nowMs)) {
                slots.add(e.getKey());
                e.getValue().attempts++;
                e.getValue().inFlight = true;
                attempts++;
            }
        }
        return Optional.of(new Batch(first, slots.getLast(), List.copyOf(slots)));
    }

    private static boolean ready(Entry e, long nowMs) {
        return !e.inFlight && e.readyAtMs <= nowMs;
    }

    /** The slot was backfilled (delivered) or found skipped. */
    public void done(long slot) {
        Entry e = remove(slot);
        if (e != null) {
            recovered++;
        }
    }

    /** An attempt at {@code slot} failed at {@code nowMs}: wait and retry, or give it up. */
    public Verdict failed(long slot, long nowMs) {
        Entry e = all.get(slot);
        if (e == null) {
            return Verdict.NOT_QUEUED;
        }
        e.inFlight = false;
        if (e.attempts > maxRetries) {
            remove(slot);
            givenUp++;
            return Verdict.GIVE_UP;
        }
        e.readyAtMs = nowMs + Math.max(0, retryDelayMs.applyAsLong(e.attempts));
        return Verdict.RETRY_LATER;
    }

    /**
     * An attempt at {@code slot} did not reach a node that could answer (no endpoint in service, a
     * refused connection, a timeout, a throttle): it does not count against the slot's retries, and
     * the slot waits {@code delayMs} before it is handed out again. An outage holds slots back; it
     * never turns them into permanent gaps.
     */
    public void postpone(long slot, long nowMs, long delayMs) {
        Entry e = all.get(slot);
        if (e == null) {
            return;
        }
        e.inFlight = false;
        e.attempts = Math.max(0, e.attempts - 1);
        e.readyAtMs = nowMs + Math.max(0, delayMs);
    }

    private Entry remove(long slot) {
        Entry e = all.remove(slot);
        if (e != null) {
            (e.active ? active : quiet).remove(slot);
        }
        return e;
    }

    public int size() {
        return all.size();
    }

    public long recovered() {
        return recovered;
    }

    public long givenUp() {
        return givenUp;
    }

    /** Attempts handed out so far (a slot retried three times counts three). */
    public long attempts() {
        return attempts;
    }
}
