package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.store.CurveRow;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaPubkey;
import io.chainwatch.store.SolanaSignature;
import io.chainwatch.store.SolanaStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Solana feed's store writer. The store is an in-memory fake that records each write, fails the
 * writes of a chosen checkpoint, or stalls on demand, which PostgreSQL cannot be made to do at a
 * chosen write; the store's own atomicity is tested against PostgreSQL in the store module
 * (SolanaCrashRecoveryTest) and the whole feed's in SolanaFeedTest and SolanaKillRestartTest.
 */
@Timeout(30)
class StoreWriterTest {
    /** Records writes as "retract 7", "commit 12", "upgrade 3..9". */
    private static final class FakeStore implements SolanaStore {
        final List<String> written = new ArrayList<>();
        volatile long failCommitAt = -1;
        volatile int failuresLeft = Integer.MAX_VALUE;
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);

        private void record(String what) {
            synchronized (written) {
                written.add(what);
            }
        }

        List<String> written() {
            synchronized (written) {
                return List.copyOf(written);
            }
        }

        @Override
        public long commit(SlotCommit commit) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            if (commit.checkpointSlot() == failCommitAt && failuresLeft-- > 0) {
                throw new IllegalStateException("connection lost at slot " + commit.checkpointSlot());
            }
            record("commit " + commit.checkpointSlot());
            return commit.events().size();
        }

        @Override
        public void upgradeCommitment(long fromSlot, long toSlot, Commitment level) {
            record("upgrade " + fromSlot + ".." + toSlot);
        }

        @Override
        public Retracted retract(List<Long> slots, List<CurveRow> correctedCurves) {
            record("retract " + slots);
            return new Retracted(0, 0);
        }

        @Override
        public Optional<Checkpoint> checkpoint(String feed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LostSlot> lostSlots(int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<CurveRow> curves(CurveRow.Status status, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<CurveRow> curve(SolanaPubkey mint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SolanaEventRow> events(SolanaPubkey mint, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<StoredEvent> event(SolanaSignature signature, int eventIndex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forEachLiveEvent(long fromSlotExclusive, Consumer<SolanaEventRow> action) {
            throw new UnsupportedOperationException();
        }
    }

    private final FakeStore store = new FakeStore();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Counter failures = metrics.counter("failures");
    private final Counter backPressured = metrics.counter("back_pressured");
    private StoreWriter writer;

    @AfterEach
    void close() {
        store.gate.countDown();
        if (writer != null) {
            writer.close(1_000);
        }
    }

    private StoreWriter writer(int capacity) {
        writer = new StoreWriter("writer-test", store, capacity, attempt -> 1, failures, backPressured, metrics.timer("store"));
        return writer;
    }

    private static StoreWriter.Write commit(long checkpoint) {
        return new StoreWriter.Write(List.of(), List.of(), new SolanaStore.SlotCommit("pump", checkpoint, List.of(), List.of(), List.of()),
                null);
    }

    /** A commit to {@code checkpoint} of {@code rows} event rows. */
    private static StoreWriter.Write commit(long checkpoint, int rows) {
        List<SolanaEventRow> events = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            byte[] signature = new byte[SolanaSignature.BYTES];
            signature[0] = (byte) i;
            events.add(new SolanaEventRow(SolanaSignature.of(signature), 0, checkpoint, SolanaEventRow.UNKNOWN_TX_INDEX, null,
                    SolanaPubkey.of(new byte[SolanaPubkey.BYTES]), "pump", "TradeEvent", Commitment.CONFIRMED, null, null, null));
        }
        return new StoreWriter.Write(List.of(), List.of(), new SolanaStore.SlotCommit("pump", checkpoint, events, List.of(), List.of()),
                null);
    }

    private void awaitWritten(int n) throws InterruptedException {
        while (store.written().size() < n) {
            Thread.sleep(1);
        }
    }

    @Test
    void writesGoToTheStoreInTheOrderOfferedEachStepInItsOrder() throws InterruptedException {
        StoreWriter w = writer(2);
        List<String> expected = new ArrayList<>();
        for (long slot = 1; slot <= 300; slot++) {
            StoreWriter.Write write = slot % 10 == 0
                    ? new StoreWriter.Write(List.of(slot - 1), List.of(),
                    new SolanaStore.SlotCommit("pump", slot, List.of(), List.of(), List.of()),
                    new StoreWriter.Upgrade(slot - 5, slot - 2, Commitment.FINALIZED))
                    : commit(slot);
            while (w.offer(write) == StoreWriter.Offer.BACK_PRESSURED) {
                Thread.sleep(1);
            }
            if (slot % 10 == 0) {
                expected.add("retract [" + (slot - 1) + "]");
            }
            expected.add("commit " + slot);
            if (slot % 10 == 0) {
                expected.add("upgrade " + (slot - 5) + ".." + (slot - 2));
            }
        }
        awaitWritten(expected.size());
        assertThat(store.written()).containsExactlyElementsOf(expected);
    }

    @Test
    void aFullQueueRefusesTheOfferAndCountsItWithoutWaiting() throws InterruptedException {
        store.gate = new CountDownLatch(1);
        StoreWriter w = writer(2);
        assertThat(w.offer(commit(1, 5))).isEqualTo(StoreWriter.Offer.ACCEPTED);
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the writer holds the first, stalled in the store
        assertThat(w.offer(commit(2, 7))).isEqualTo(StoreWriter.Offer.ACCEPTED);
        assertThat(w.offer(commit(3, 1))).isEqualTo(StoreWriter.Offer.ACCEPTED);
        assertThat(w.offer(commit(4, 9))).isEqualTo(StoreWriter.Offer.BACK_PRESSURED);
        assertThat(w.offer(commit(4, 9))).isEqualTo(StoreWriter.Offer.BACK_PRESSURED);
        assertThat(backPressured.count()).isEqualTo(2.0);
        assertThat(w.waiting()).isEqualTo(2);
        assertThat(w.rowsWaiting()).isEqualTo(5 + 7 + 1); // the refused offer's rows are not the writer's

        store.gate.countDown();
        awaitWritten(3);
        assertThat(w.offer(commit(4, 9))).isEqualTo(StoreWriter.Offer.ACCEPTED);
        awaitWritten(4);
        assertThat(store.written()).containsExactly("commit 1", "commit 2", "commit 3", "commit 4");
        assertThat(w.storedEvents()).isEqualTo(5 + 7 + 1 + 9);
        while (w.rowsWaiting() > 0) {
            Thread.sleep(1); // counted down just after the store answers
        }
    }

    @Test
    void aFailedWriteIsTriedAgainAndNothingOfferedAfterItIsWrittenBefore() throws InterruptedException {
        store.failCommitAt = 2;
        store.failuresLeft = 5;
        StoreWriter w = writer(4);
        for (long slot = 1; slot <= 4; slot++) {
            assertThat(w.offer(commit(slot))).isEqualTo(StoreWriter.Offer.ACCEPTED);
        }
        awaitWritten(4);
        assertThat(store.written()).containsExactly("commit 1", "commit 2", "commit 3", "commit 4");
        assertThat(failures.count()).isEqualTo(5.0);
    }

    @Test
    void aWriteThatKeepsFailingHoldsTheCheckpointBackAndCloseGivesUpOnIt() throws InterruptedException {
        store.failCommitAt = 2;
        StoreWriter w = writer(4);
        for (long slot = 1; slot <= 4; slot++) {
            w.offer(commit(slot));
        }
        awaitWritten(1);
        while (failures.count() < 20) {
            Thread.sleep(1);
        }
        assertThat(store.written()).containsExactly("commit 1"); // no checkpoint past slot 1 while slot 2's write fails

        long start = System.nanoTime();
        w.close(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(store.written()).containsExactly("commit 1");
        assertThat(w.offer(commit(5))).isEqualTo(StoreWriter.Offer.CLOSED);
    }

    @Test
    void closeWritesWhatWaitsFirst() {
        store.gate = new CountDownLatch(1);
        StoreWriter w = writer(8);
        for (long slot = 1; slot <= 5; slot++) {
            w.offer(commit(slot));
        }
        store.gate.countDown();
        w.close(5_000);
        assertThat(store.written()).containsExactly("commit 1", "commit 2", "commit 3", "commit 4", "commit 5");
    }
}
