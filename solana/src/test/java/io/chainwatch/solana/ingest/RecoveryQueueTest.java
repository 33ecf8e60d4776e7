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
