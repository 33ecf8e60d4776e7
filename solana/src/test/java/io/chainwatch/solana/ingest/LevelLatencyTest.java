package io.chainwatch.solana.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LevelLatencyTest {
    @Test
    void theMedianTimeFromProcessedToTheLevel() {
        LevelLatency l = new LevelLatency(64);
        l.processed(100, 1_000);
        l.processed(101, 1_400);
        l.processed(102, 1_800);
        l.processed(101, 1_500); // a second sighting does not move the first
        l.reached(101, 13_000);  // 100 after 12 s, 101 after 11.6 s
        l.reached(102, 14_000);  // 102 after 12.2 s
        assertThat(l.takeMedianMs()).isEqualTo(12_000.0);
        assertThat(l.takeMedianMs()).isEqualTo(-1.0); // a new window: nothing measured yet
    }

    @Test
    void slotsSeenOnlyAfterTheLevelPassedThemAreNotSamples() {
        LevelLatency l = new LevelLatency(64);
        l.reached(200, 5_000);
        l.processed(150, 6_000); // already at the level
        l.processed(201, 6_000);
        l.reached(201, 6_400);
        assertThat(l.takeMedianMs()).isEqualTo(400.0);
    }

    @Test
    void aSlotThatNeverReachesTheLevelIsForgottenWhenTheRingComesRound() {
        LevelLatency l = new LevelLatency(4);
        l.processed(10, 0);     // skipped by its leader, say: the level never shows it reached... until overwritten
        l.processed(14, 1_000); // same ring place: slot 10 is gone
        l.reached(14, 1_500);
        assertThat(l.takeMedianMs()).isEqualTo(500.0);
    }
}
