package io.chainwatch.alerts.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class TokenBucketTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aBurstIsTakenAtOnceThenTokensComeAtTheRate() {
        TokenBucket b = new TokenBucket(0.5, 2, T0);
        assertThat(b.take(T0)).isZero();
        assertThat(b.take(T0)).isZero();
        assertThat(b.take(T0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.take(T0.plusSeconds(2))).isZero();
    }

    @Test
    void waitingWhatItSaysOnAMillisecondClockAlwaysGivesTheToken() {
        // The refill in doubles can fall short of the wait by a fraction of a nanosecond; a clock that moves in
        // milliseconds then never makes up the difference, and a caller waiting 1 ns at a time would wait forever.
        // At 0.5 a second, a token taken 1 to 999 ms into the wait is due again a whole number of milliseconds later.
        for (int offsetMs = 1; offsetMs < 1_000; offsetMs++) {
            TokenBucket b = new TokenBucket(0.5, 1, T0);
            assertThat(b.take(T0)).isZero();
            Instant now = T0.plusMillis(offsetMs);
            Duration wait = b.take(now);
            assertThat(wait).isPositive();
            Instant due = now.plusMillis(Math.round(wait.toNanos() / 1e6));
            assertThat(b.take(due)).as("%d ms in, after waiting %s", offsetMs, wait).isZero();
        }
    }

    @Test
    void aCallerThatSleepsTheWaitOnAMillisecondClockIsNeverStuck() {
        // As the alert engine's delivery loop does, with a clock of millisecond steps (the tests' manual clock):
        // sleep what take() says, truncated to the millisecond, and ask again. Every token must come within two waits.
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (double perMinute : new double[] {7, 30, 60, 90, 600, 6000}) {
            long nowMs = T0.toEpochMilli();
            TokenBucket b = new TokenBucket(perMinute / 60.0, 1 + random.nextInt(5), T0);
            for (int i = 0; i < 20_000; i++) {
                nowMs += random.nextInt(3) == 0 ? random.nextInt(50) : 0;
                int asks = 0;
                Duration wait;
                while (!(wait = b.take(Instant.ofEpochMilli(nowMs))).isZero()) {
                    nowMs += wait.toMillis();
                    assertThat(++asks).as("asks for one token at %s a minute", perMinute).isLessThanOrEqualTo(2);
                }
            }
        }
    }
}
