package io.chainwatch.evm.ingest;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.market.PoolState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The commit pipeline between cursor and store. The sink here is an in-memory fake: it stands in
 * for a database that fails one commit or stalls on demand, which PostgreSQL cannot be made to do at
 * a chosen commit; the store's own atomicity is tested against real PostgreSQL in the store module.
 */
@Timeout(30)
class SinkWriterTest {
    private static final class FakeSink implements EvmSink {
        final List<Long> committed = new ArrayList<>();
        volatile long failAt = -1;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void commit(List<BlockBatch> batches) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long first = batches.getFirst().block().number();
            if (first == failAt) {
                throw new IllegalStateException("disk full at block " + first);
            }
            synchronized (committed) {
                batches.forEach(b -> committed.add(b.block().number()));
            }
        }

        @Override
        public void rollback(String chain, long ancestor, Hash32 ancestorHash, List<PoolState> restoredPools) {
        }

        @Override
        public Optional<BlockRef> checkpoint(String chain) {
            return Optional.empty();
        }

        @Override
        public List<BlockRef> recentBlocks(String chain, int n) {
            return List.of();
        }

        @Override
        public List<PoolState> pools(String chain) {
            return List.of();
        }
    }

    private static List<BlockBatch> block(long n) {
        return List.of(new BlockBatch("t", new BlockRef(n, new Hash32(0, 0, 0, n + 1), new Hash32(0, 0, 0, n)), List.of(), List.of()));
    }

    @Test
    void commitsKeepTheirOrderAndFlushWaitsForAll() throws Exception {
        FakeSink sink = new FakeSink();
        try (SinkWriter writer = new SinkWriter("t", sink, 4, new SimpleMeterRegistry())) {
            for (long n = 1; n <= 100; n++) {
                writer.submit(block(n), System.nanoTime());
            }
            writer.flush();
            assertThat(sink.committed).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        }
    }

    @Test
    void aFullQueueHoldsTheCursorBackAndCountsIt() throws Exception {
        FakeSink sink = new FakeSink();
        sink.gate = new CountDownLatch(1); // the store stalls
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SinkWriter writer = new SinkWriter("t", sink, 2, metrics)) {
            Thread cursor = Thread.ofPlatform().start(() -> {
                try {
                    for (long n = 1; n <= 6; n++) {
                        writer.submit(block(n), System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            cursor.join(500);
            assertThat(cursor.isAlive()).as("the cursor waits while the queue is full").isTrue();
            // Once or twice while the store stalls, depending on whether the writer had taken the first commit yet.
            assertThat(metrics.counter("chainwatch_sink_back_pressured", "chain", "t").count()).isBetween(1.0, 2.0);
            sink.gate.countDown();
            cursor.join(10_000);
            writer.flush();
            assertThat(sink.committed).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void aFailedCommitStopsTheWriterUntilTheCursorHasReloaded() throws Exception {
        FakeSink sink = new FakeSink();
        sink.failAt = 3;
        try (SinkWriter writer = new SinkWriter("t", sink, 4, new SimpleMeterRegistry())) {
            for (long n = 1; n <= 5; n++) {
                writer.submit(block(n), System.nanoTime());
            }
            assertThatThrownBy(writer::flush).hasMessageContaining("disk full at block 3");
            assertThat(sink.committed).containsExactly(1L, 2L); // nothing after the failure is written out of order
            assertThatThrownBy(() -> writer.submit(block(6), System.nanoTime())).hasMessageContaining("disk full");
            writer.reset(); // what the cursor does after reloading from the checkpoint (block 2)
            sink.failAt = -1;
            writer.submit(block(3), System.nanoTime());
            writer.flush();
            assertThat(sink.committed).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aCursorInterruptedWhileHeldBackDoesNotLeaveFlushWaitingForever() throws Exception {
        FakeSink sink = new FakeSink();
        sink.gate = new CountDownLatch(1); // the store stalls, so the cursor is held back
        try (SinkWriter writer = new SinkWriter("t", sink, 1, new SimpleMeterRegistry())) {
            Thread cursor = Thread.ofPlatform().start(() -> {
                try {
                    for (long n = 1; n <= 5; n++) {
                        writer.submit(block(n), System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // shutting down, as EvmChainIngestor.close does
                }
            });
            while (cursor.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }
            cursor.interrupt();
            cursor.join(10_000);
            sink.gate.countDown();
            writer.flush(); // returns once what was queued is written; the @Timeout catches a hang
            // What was written or queued before the interrupt (1, maybe 2), in order; never what the interrupt stopped.
            assertThat(sink.committed).startsWith(1L).isSubsetOf(1L, 2L);
        }
    }
}
