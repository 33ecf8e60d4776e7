package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Configuration is checked once, and a bad value is named with what is allowed. */
@Timeout(30)
class SolanaSimConfigTest {

    @Test
    void badValuesAreNamedWithWhatIsAllowed() {
        SolanaSimConfig ok = SolanaSimConfig.manual(1);
        assertThatThrownBy(() -> ok.withEndpoints(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.endpoints: need 1..32, got 0");
        assertThatThrownBy(() -> ok.withDepths(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.finalizationDepth: need 3..1024, got 2");
        assertThatThrownBy(() -> ok.withSkipRate(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.skipRate: need 0..0.9, got 1.0");
        assertThatThrownBy(() -> ok.withForkRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.forkRate: need 0..0.5, got NaN");
        assertThatThrownBy(() -> ok.withHistorySlots(100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.historySlots: need 160..10000000, got 100");
        assertThatThrownBy(() -> ok.withSubscriberQueueMessages(8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.subscriberQueueMessages: need 16..10000000, got 8");
        assertThatThrownBy(() -> ok.withProduction(SlotProduction.load()).withSubscriberQueueMessages(16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("solana.subscriberQueueMessages: load production with this activity needs at least");
        assertThatThrownBy(() -> PumpActivity.typical().withTradesPerSlot(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.activity.tradesPerSlot: need 0..10000.0, got -1.0");
        assertThatThrownBy(() -> PumpActivity.typical().withCompletionChance(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.activity.completionChance: need 0..1, got 2.0");
        assertThatThrownBy(() -> SlotProduction.perSecond(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solana.production.slotsPerSecond: need 1..100000, got 0");
        assertThatThrownBy(() -> SlotProduction.every(Duration.ofNanos(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("solana.production.intervalNanos: need at least 10000");
    }

    @Test
    void presetsAreValidAndDemoRunsAtMainnetsSlotTime() {
        assertThat(SolanaSimConfig.demo(1).production()).isEqualTo(SlotProduction.every(Duration.ofMillis(400)));
        assertThat(SolanaSimConfig.load(1).production()).isInstanceOf(SlotProduction.Load.class);
        assertThat(SolanaSimConfig.manual(1).finalizationDepth()).isEqualTo(32);
    }

    @Test
    void callsWithBadCountsAreRefused() {
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(2).withEndpoints(1))) {
            assertThatThrownBy(() -> sim.produceSlots(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("produceSlots: need at least 1, got 0");
            assertThatThrownBy(() -> sim.fork(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("fork depth: need 1..0");
            assertThatThrownBy(() -> sim.endpoint(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("endpoint index: need 0..0, got 1");
            assertThat(sim.httpUrls()).containsExactly(sim.endpoint(0).httpUrl());
            assertThat(sim.wsUrls().getFirst().getScheme()).isEqualTo("ws");
        }
    }
}
