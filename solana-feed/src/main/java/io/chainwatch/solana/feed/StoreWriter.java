package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.core.trace.TraceStage;
import io.chainwatch.store.CurveRow;
import io.chainwatch.store.SolanaStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * Writes the Solana feed's commits to the store on a thread of its own, so that the feed thread reads,
 * settles and applies the next slots while the last ones are written (the commit was a third of the
 * feed thread's time under load).
 *
 * <p><b>Bounded.</b> At most {@code capacity} writes wait. {@link #offer} never blocks the feed thread:
 * when the queue is full it answers {@link Offer#BACK_PRESSURED} (counted), and the feed keeps what it
 * meant to write for its next offer, merged with what comes meanwhile; its stream reader waits while
 * too much is held (see {@code SolanaFeed}).
 *
 * <p><b>In order, and never past a failure.</b> Writes go to the store in the order offered, each
 * step of one ({@link Write}) in its own transaction, all or nothing. A step that fails is tried again,
 * with backoff, until it succeeds (the store's writes may be repeated: nothing doubles), and nothing
 * offered after it is written before: a checkpoint never moves past data that is not stored. A crash
 * or a close that gives up loses only what was not written; the store's checkpoint still covers only
 * what it has, and a restart reads the rest again.
 *
 * <p>Each write is timed from its offer to its last step written (the time it waited included): the
 * pipeline's store stage.
 *
 * <p>Owned by the feed thread ({@link #offer}, {@link #close}) and the writer thread (the loop).
 */
final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    /** What became of one offered write. */
    enum Offer {
        ACCEPTED,
        /** The queue is full: nothing was queued; offer it again later. */
        BACK_PRESSURED,
        /** The writer is closed: nothing was queued. */
        CLOSED
    }

    /** A range of slots whose events are raised to a commitment level. */
    record Upgrade(long fromSlot, long toSlot, Commitment level) {
        Upgrade {
            Objects.requireNonNull(level, "level");
        }
    }

    /**
     * One write, its steps in this order: the retraction of {@code retractedSlots} with
     * {@code correctedCurves} (when either holds anything), the {@code commit} (when not null), the
     * commitment {@code upgrade} (when not null). {@code traces} are the traces of the slots the commit
     * settles: their store stage is the commit, and they end once it is written.
     */
    record Write(List<Long> retractedSlots, List<CurveRow> correctedCurves, SolanaStore.SlotCommit commit, Upgrade upgrade,
                 List<BlockTrace> traces) {
        Write {
            retractedSlots = List.copyOf(retractedSlots);
            correctedCurves = List.copyOf(correctedCurves);
            traces = List.copyOf(traces);
        }

        Write(List<Long> retractedSlots, List<CurveRow> correctedCurves, SolanaStore.SlotCommit commit, Upgrade upgrade) {
            this(retractedSlots, correctedCurves, commit, upgrade, List.of());
        }

        boolean retracts() {
            return !retractedSlots.isEmpty() || !correctedCurves.isEmpty();
        }
    }

    private final SolanaStore store;
    /** A write and when it was offered ({@link System#nanoTime()}). */
    private record Queued(Write write, long offeredNanos) {
    }

    private final BlockingQueue<Queued> queue;
    private final LongUnaryOperator backoffMs;
    private final Counter failures;
    private final Counter backPressured;
    private final Timer storeTime;
    private final Thread thread;
    private final AtomicLong storedEvents = new AtomicLong();
    /** Event rows of the writes offered and not yet written. */
    private final AtomicLong rowsWaiting = new AtomicLong();
    /** Set by {@link #close}: the loop ends once the queue is empty. */
    private volatile boolean draining;
    private volatile boolean closed;

    /**
     * @param capacity  most writes waiting
     * @param backoffMs the wait before the {@code n}th attempt again of a failed step (n from 1)
     * @param failures  counts failed attempts
     * @param backPressured counts offers refused for a full queue
     * @param storeTime times each write from its offer to written
     */
    StoreWriter(String name, SolanaStore store, int capacity, LongUnaryOperator backoffMs, Counter failures, Counter backPressured,
                Timer storeTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be >= 1, got " + capacity);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.backoffMs = Objects.requireNonNull(backoffMs, "backoffMs");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.backPressured = Objects.requireNonNull(backPressured, "backPressured");
        this.storeTime = Objects.requireNonNull(storeTime, "storeTime");
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Queues {@code write} behind those offered before, without waiting. */
    Offer offer(Write write) {
        Objects.requireNonNull(write, "write");
        if (closed || draining) {
            return Offer.CLOSED;
        }
        long rows = rows(write);
        rowsWaiting.addAndGet(rows);
        if (!queue.offer(new Queued(write, System.nanoTime()))) {
            rowsWaiting.addAndGet(-rows);
            backPressured.increment();
            return Offer.BACK_PRESSURED;
        }
        return Offer.ACCEPTED;
    }

    /** Events new to the store so far, as its commits answered. */
    long storedEvents() {
        return storedEvents.get();
    }

    /** Event rows offered and not yet written (the one being written included): what a crash now would lose. */
    long rowsWaiting() {
        return rowsWaiting.get();
    }

    private static long rows(Write w) {
        return w.commit() == null ? 0 : w.commit().events().size();
    }

    /** Writes waiting, not counting one being written. */
    int waiting() {
        return queue.size();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Queued q;
            try {
                q = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (q == null) {
                if (draining) {
                    return;
                }
                continue;
            }
            Write w = q.write();
            if (!write(w)) {
                return; // given up at close: nothing after it may be written
            }
            storeTime.record(System.nanoTime() - q.offeredNanos(), TimeUnit.NANOSECONDS);
            rowsWaiting.addAndGet(-rows(w));
        }
    }

    /** Writes every step of {@code w}, each tried again until it succeeds; false when interrupted first. */
    private boolean write(Write w) {
        int step = w.retracts() ? 0 : 1;
        for (long attempt = 1; ; attempt++) {
            try {
                if (step == 0) {
                    store.retract(w.retractedSlots(), w.correctedCurves());
                    step = 1;
                }
                if (step == 1) {
                    if (w.commit() != null) {
                        storedEvents.addAndGet(commitTraced(w));
                    }
                    step = 2;
                }
                if (w.upgrade() != null) {
                    store.upgradeCommitment(w.upgrade().fromSlot(), w.upgrade().toSlot(), w.upgrade().level());
                }
                return true;
            } catch (RuntimeException e) {
                failures.increment();
                if (attempt == 1) {
                    log.error("solana store write failed ({}); trying it again, nothing after it is written before it: {}", what(w, step),
                            e.toString());
                } else {
                    log.debug("solana store write failed again (attempt {}, {}): {}", attempt, what(w, step), e.toString());
                }
            }
            try {
                Thread.sleep(backoffMs.applyAsLong(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.error("solana store writer stopped before {} was written; the store's checkpoint stays before it", what(w, step));
                return false;
            }
        }
    }

    /** The commit, as the store stage of each slot it settles; the slots' traces end when it is written. */
    private long commitTraced(Write w) {
        if (w.traces().isEmpty()) {
            return store.commit(w.commit());
        }
        List<TraceStage> storing = new java.util.ArrayList<>(w.traces().size());
        long stored;
        try {
            for (BlockTrace t : w.traces()) {
                storing.add(t.stage("store"));
            }
            stored = store.commit(w.commit());
        } finally {
            // Closed in the reverse order of opening: each puts back the log ids the one before it replaced.
            for (int i = storing.size() - 1; i >= 0; i--) {
                storing.get(i).close();
            }
        }
        w.traces().forEach(BlockTrace::end);
        return stored;
    }

    private static String what(Write w, int step) {
        return switch (step) {
            case 0 -> "retraction of " + w.retractedSlots().size() + " slot(s)";
            case 1 -> "commit to slot " + w.commit().checkpointSlot() + " (" + w.commit().events().size() + " events)";
            default -> "commitment upgrade of slots " + w.upgrade().fromSlot() + ".." + w.upgrade().toSlot();
        };
    }

    /**
     * Writes what waits, for at most {@code drainMs}, then stops; a write still failing by then is
     * given up, and everything after it.
     */
    void close(long drainMs) {
        draining = true;
        try {
            thread.join(drainMs);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
        }
        if (!queue.isEmpty()) {
            log.error("solana store writer closed with {} write(s) not written; a restart reads their slots again", queue.size());
        }
    }

    @Override
    public void close() {
        close(10_000);
    }
}
