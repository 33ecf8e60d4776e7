package io.chainwatch.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A history whose writes go through a bounded queue to a virtual thread, so that a slow store (a
 * database) never holds up evaluation or delivery. A write that finds the queue full is dropped and
 * counted ({@link #dropped()}); reads go straight to the store and may miss writes still queued.
 *
 * <p>The queue is shared by the recording threads and the writer thread; the store is called only
 * from the writer thread for writes.
 */
public final class QueuedAlertHistory implements AlertHistory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedAlertHistory.class);

    private final AlertHistory store;
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public QueuedAlertHistory(AlertHistory store, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofVirtual().name("alert-history-writer").start(this::drain);
    }

    @Override
    public void recordState(Alert alert, Instant at) {
        offer(new AlertRecord(at, alert));
    }

    @Override
    public void recordAttempt(NotificationAttempt attempt) {
        offer(attempt);
    }

    private void offer(Object item) {
        if (closed || !queue.offer(item)) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        while (!closed || !queue.isEmpty()) {
            Object item;
            try {
                item = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (item != null) {
                write(item);
            }
        }
    }

    private void write(Object item) {
        try {
            switch (item) {
                case AlertRecord r -> store.recordState(r.alert(), r.at());
                case NotificationAttempt a -> store.recordAttempt(a);
                default -> throw new IllegalStateException("unexpected history item " + item.getClass());
            }
        } catch (RuntimeException e) {
            if (failed.getAndIncrement() == 0) {
                LOG.warn("alert history: a write failed (logged once, counted after): {}", e.toString());
            }
        }
    }

    @Override
    public List<AlertRecord> alerts(AlertQuery query) {
        return store.alerts(query);
    }

    @Override
    public List<NotificationAttempt> attempts(AttemptQuery query) {
        return store.attempts(query);
    }

    /** Writes dropped because the queue was full or the history closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Writes the store refused. */
    public long failed() {
        return failed.get();
    }

    /** Writes what is queued, then stops the writer (waits at most 10 s). */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
