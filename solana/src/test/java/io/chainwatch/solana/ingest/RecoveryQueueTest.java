package io.chainwatch.solana.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class RecoveryQueueTest {
    @Test
    void slotsWithActivityGoFirstThenTheOldest() {
        RecoveryQueue q = new RecoveryQueue(10, 3, attempt -> 100);
        q.add(50, false);
        q.add(51, false);
        q.add(200, true);
        q.add(205, false);
        q.markActive(205);
        RecoveryQueue.Batch first = q.next(0).orElseThrow();
        assertThat(first.slots()).containsExactly(200L, 205L);
        assertThat(first.from()).isEqualTo(200);
        assertThat(first.to()).isEqualTo(205);
        first.slots().forEach(q::done);
        assertThat(q.next(0).orElseThrow().slots()).containsExactly(50L, 51L);
    }

    @Test
    void aBatchFitsOneGetBlocksRange() {
        RecoveryQueue q = new RecoveryQueue(5, 3, attempt -> 100);
        for (long s = 10; s < 30; s += 2) {
            q.add(s, false);
        }
        RecoveryQueue.Batch b = q.next(0).orElseThrow();
        assertThat(b.slots()).containsExactly(10L, 12L, 14L);
        assertThat(b.to() - b.from() + 1).isLessThanOrEqualTo(5);
    }

    @Test
    void aFailedSlotWaitsItsBackoffAndIsGivenUpAfterTheLastRetry() {
        RecoveryQueue q = new RecoveryQueue(10, 2, attempt -> 100L << attempt); // 200, 400 ms
        q.add(7, true);
        assertThat(q.next(0).orElseThrow().slots()).containsExactly(7L); // attempt 1
        assertThat(q.failed(7, 0)).isEqualTo(RecoveryQueue.Verdict.RETRY_LATER);
        assertThat(q.next(199)).isEmpty();
        assertThat(q.next(200).orElseThrow().slots()).containsExactly(7L); // attempt 2
        assertThat(q.failed(7, 200)).isEqualTo(RecoveryQueue.Verdict.RETRY_LATER);
        assertThat(q.next(599)).isEmpty();
        assertThat(q.next(600).orElseThrow().slots()).containsExactly(7L); // attempt 3 = the last retry
        assertThat(q.failed(7, 600)).isEqualTo(RecoveryQueue.Verdict.GIVE_UP);
        assertThat(q.size()).isZero();
        assertThat(q.givenUp()).isEqualTo(1);
        assertThat(q.attempts()).isEqualTo(3);
    }

    @Test
    void aSlotInFlightIsNotHandedOutAgainUntilItsAttemptEnds() {
        RecoveryQueue q = new RecoveryQueue(10, 5, attempt -> 0);
        q.add(7, true);
        q.add(8, true);
        assertThat(q.next(0).orElseThrow().slots()).containsExactly(7L, 8L);
        assertThat(q.next(0)).as("both in flight").isEmpty();
        assertThat(q.failed(7, 0)).isEqualTo(RecoveryQueue.Verdict.RETRY_LATER);
        assertThat(q.next(0).orElseThrow().slots()).containsExactly(7L);
        q.done(8);
        assertThat(q.failed(8, 0)).as("a late failure of a slot done already").isEqualTo(RecoveryQueue.Verdict.NOT_QUEUED);
        assertThat(q.attempts()).isEqualTo(3);
        assertThat(q.givenUp()).isZero();
    }

    @Test
    void anOutageHoldsASlotBackWithoutSpendingItsRetries() {
        RecoveryQueue q = new RecoveryQueue(10, 1, attempt -> 0);
        q.add(7, false);
        for (int i = 0; i < 20; i++) {
            assertThat(q.next(i * 100L).orElseThrow().slots()).containsExactly(7L);
            q.postpone(7, i * 100L, 50);
            assertThat(q.next(i * 100L + 49)).isEmpty();
        }
        q.next(5_000);
        assertThat(q.failed(7, 5_000)).as("the first real failure").isEqualTo(RecoveryQueue.Verdict.RETRY_LATER);
        q.next(5_000);
        assertThat(q.failed(7, 5_000)).isEqualTo(RecoveryQueue.Verdict.GIVE_UP);
    }

    @Test
    void aSlotQueuedTwiceIsOneEntry() {
        RecoveryQueue q = new RecoveryQueue(10, 2, attempt -> 0);
        q.add(3, false);
        q.add(3, false);
        assertThat(q.size()).isEqualTo(1);
        q.done(3);
        q.done(3);
        assertThat(q.recovered()).isEqualTo(1);
    }
}
