package io.chainwatch.api;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.solana.feed.FeedStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the Solana health verdict, on made-up feed statuses and a clock the test moves. */
@Timeout(10)
class SolanaHealthTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private static FeedStatus status(long checkpoint, long lag, long openGaps, long lost, String stream) {
        return new FeedStatus(Commitment.CONFIRMED, checkpoint, checkpoint + lag, checkpoint + lag + 2, checkpoint - 30, lag, openGaps, 1.0,
                100, 3, lost, 0, 0, 0, 0, stream, 500, 40, 12, 85, 5, 10);
    }

    private static FeedStatus healthy(long checkpoint) {
        return status(checkpoint, 2, 0, 0, "solana-ws-0-eu");
    }

    @Test
    void aFeedThatKeepsUpWithAStreamIsUp() {
        SolanaHealth.Watch w = SolanaHealth.Watch.start(healthy(1_000), T0).observe(healthy(1_010), T0.plusSeconds(5));

        SolanaHealth.Verdict v = SolanaHealth.judge(healthy(1_010), w, 2, T0.plusSeconds(5));

        assertThat(v.status()).isEqualTo(Health.UP);
        assertThat(v.reasons()).isEmpty();
    }

    @Test
    void noUsableRpcEndpointIsDown() {
        SolanaHealth.Watch w = SolanaHealth.Watch.start(healthy(1_000), T0);

        SolanaHealth.Verdict v = SolanaHealth.judge(healthy(1_000), w, 0, T0);

        assertThat(v.status()).isEqualTo(Health.DOWN);
        assertThat(v.reasons()).containsExactly("no usable RPC endpoint");
    }

    @Test
    void noProgressForOver30SecondsIsDownAndProgressBringsItBack() {
        SolanaHealth.Watch w = SolanaHealth.Watch.start(healthy(1_000), T0);
        Instant quietUntil = T0.plus(SolanaHealth.STALE_AFTER);

        assertThat(SolanaHealth.judge(healthy(1_000), w.observe(healthy(1_000), quietUntil), 2, quietUntil).status())
                .isEqualTo(Health.UP);
        Instant late = quietUntil.plusSeconds(1);
        SolanaHealth.Watch stale = w.observe(healthy(1_000), late);
        assertThat(SolanaHealth.judge(healthy(1_000), stale, 2, late).status()).isEqualTo(Health.DOWN);

        SolanaHealth.Watch moved = stale.observe(healthy(1_001), late);
        assertThat(SolanaHealth.judge(healthy(1_001), moved, 2, late).status()).isEqualTo(Health.UP);
    }

    @Test
    void lagOver150SlotsOpenGapsOrNoStreamIsDegraded() {
        SolanaHealth.Watch w = SolanaHealth.Watch.start(healthy(1_000), T0);

        assertThat(SolanaHealth.judge(status(1_000, 150, 0, 0, "ws"), w, 2, T0).status()).isEqualTo(Health.UP);
        assertThat(SolanaHealth.judge(status(1_000, 151, 0, 0, "ws"), w, 2, T0).reasons()).containsExactly("lag 151 slots, over 150");
        assertThat(SolanaHealth.judge(status(1_000, 2, 4, 0, "ws"), w, 2, T0).reasons()).containsExactly("4 slots in open gaps");
        assertThat(SolanaHealth.judge(status(1_000, 2, 0, 0, null), w, 2, T0).reasons()).containsExactly("no live stream open");
        assertThat(SolanaHealth.judge(status(-1, 0, 0, 0, "ws"), w, 2, T0).reasons()).containsExactly("no slot handled yet");
        assertThat(SolanaHealth.judge(status(1_000, 2, 4, 0, null), w, 2, T0).status()).isEqualTo(Health.DEGRADED);
    }

    @Test
    void lostSlotsDegradeForTenMinutesAfterTheCountGrows() {
        SolanaHealth.Watch w = SolanaHealth.Watch.start(healthy(1_000), T0);
        Instant grew = T0.plusSeconds(20);
        SolanaHealth.Watch seen = w.observe(status(1_010, 2, 0, 3, "ws"), grew);

        assertThat(SolanaHealth.judge(status(1_010, 2, 0, 3, "ws"), seen, 2, grew).status()).isEqualTo(Health.DEGRADED);

        Instant later = grew.plus(SolanaHealth.LOST_RECENTLY).plus(Duration.ofSeconds(1));
        SolanaHealth.Watch quiet = seen.observe(status(5_000, 2, 0, 3, "ws"), later);
        SolanaHealth.Verdict v = SolanaHealth.judge(status(5_000, 2, 0, 3, "ws"), quiet, 2, later);
        assertThat(v.status()).isEqualTo(Health.UP);
    }

    @Test
    void theWorstPartDecides() {
        assertThat(Health.UP.worse(Health.DEGRADED)).isEqualTo(Health.DEGRADED);
        assertThat(Health.DOWN.worse(Health.DEGRADED)).isEqualTo(Health.DOWN);
        assertThat(Health.UP.worse(Health.UP)).isEqualTo(Health.UP);
    }
}
