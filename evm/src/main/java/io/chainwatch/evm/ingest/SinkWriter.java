package io.chainwatch.evm.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.chainwatch.monitor.StageTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Commits the cursor's batches on a thread of its own, so the next range is fetched and decoded
 * while the last one is written. The queue holds at most {@code capacity} commits: when it is full
 * the cursor waits (back-pressure slows the source; each wait is counted), so memory stays bounded.
 *
 * <p>Commits keep their order, and each is atomic with its checkpoint, so a crash loses at most
 * what was queued and a restart backfills it. After a failed commit the writer takes nothing more:
 * the next {@link #submit} or {@link #flush} throws, and the cursor reloads from the store.
 * Owned by the cursor thread (submit, flush) and the writer thread (the loop).
 *
 * <p>Each commit is timed from its range's arrival to its commit returning, which includes the
 * listeners the sink tells (trading): the pipeline's {@link StageTimers#INGEST_TO_DECISION}.
 */
final class SinkWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkWriter.class);
    private record Commit(List<BlockBatch> batches, long receivedNanos) {
    }

    private static final Commit STOP = new Commit(List.of(), 0);

    private final EvmSink sink;
    private final BlockingQueue<Commit> queue;
    private final Thread thread;
    private final Counter backPressured;
    private final Timer endToEnd;
    private final Object idle = new Object();
    private int pending; // guarded by idle
    private volatile RuntimeException failure;

    SinkWriter(String chain, EvmSink sink, int capacity, MeterRegistry metrics) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.backPressured = Counter.builder("chainwatch_sink_back_pressured").tag("chain", chain)
                .description("Times the cursor waited for the store to take a commit").register(metrics);
        Gauge.builder("chainwatch_sink_queue_depth", queue, BlockingQueue::size).tag("chain", chain)
                .description("Commits waiting for the store writer").register(metrics);
        this.endToEnd = StageTimers.timer(metrics, chain, StageTimers.INGEST_TO_DECISION);
        this.thread = Thread.ofPlatform().daemon().name("writer-" + chain).start(this::run);
    }

    /**
     * Queues one commit; waits while the queue is full. Throws if an earlier commit failed.
     *
     * @param receivedNanos when its range arrived ({@link System#nanoTime()})
     */
    void submit(List<BlockBatch> batches, long receivedNanos) throws InterruptedException {
        Commit commit = new Commit(batches, receivedNanos);
        rethrow();
        synchronized (idle) {
            pending++;
        }
        if (!queue.offer(commit)) {
            backPressured.increment();
            try {
                queue.put(commit);
            } catch (InterruptedException e) {
                // Not queued, so never committed: uncount it, or a later flush would wait for it forever.
                synchronized (idle) {
                    pending--;
                    idle.notifyAll();
                }
                throw e;
            }
        }
    }

    /** Waits until everything submitted is committed. Throws if a commit failed. */
    void flush() throws InterruptedException {
        synchronized (idle) {
            while (pending > 0 && failure == null) {
                idle.wait(100);
            }
        }
        rethrow();
    }

    /** Forgets a failure after the cursor has reloaded from the store. */
    void reset() {
        queue.clear();
        synchronized (idle) {
            pending = 0;
        }
        failure = null;
    }

    private void rethrow() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private void run() {
        while (true) {
            Commit commit;
            try {
                commit = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (commit == STOP) {
                return;
            }
            List<BlockBatch> batches = commit.batches();
            if (failure == null) {
                try {
                    sink.commit(batches);
                    endToEnd.record(System.nanoTime() - commit.receivedNanos(), TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    log.error("commit of blocks {}..{} failed; ingestion will reload from the last checkpoint",
                            batches.getFirst().block().number(), batches.getLast().block().number(), e);
                    failure = e;
                }
            }
            synchronized (idle) {
                pending = Math.max(0, pending - 1);
                idle.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        queue.clear();
        queue.offer(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
