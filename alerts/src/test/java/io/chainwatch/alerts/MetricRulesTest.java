package io.chainwatch.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Threshold held for a time, rate of change and absence of data, each with a manual clock. */
@Timeout(30)
class MetricRulesTest {
    private static final Map<String, String> SOL = Map.of("chain", "solana");

    @Test
    void aThresholdFiresOnlyAfterHoldingForItsDurationOnePerSeriesAndResolvesWhenItClears() {
        try (Harness h = new Harness("""
                alerts:
                  rules:
                    - { name: LagHigh, kind: threshold, metric: lag, matchers: ["chain=~sol.*"], condition: "> 32", for: 30s,
                        annotations: { summary: "{{chain}} is {{value}} behind" } }
                """)) {
            h.set("lag", SOL, 40);
            h.set("lag", Map.of("chain", "solana-devnet"), 10);
            h.set("lag", Map.of("chain", "evm"), 99); // not selected by the matcher
            h.at(0);
            h.at(20);
            assertThat(h.manager.active()).isEmpty();
            h.at(10);
            assertThat(h.manager.active()).singleElement().satisfies(a -> {
                assertThat(a.labels()).containsEntry("alertname", "LagHigh").containsEntry("chain", "solana").containsEntry("severity", "warning");
                assertThat(a.startsAt()).isEqualTo(Harness.T0);
                assertThat(a.summary()).isEqualTo("solana is 40 behind");
            });
            h.set("lag", SOL, 20);
            h.at(1);
            assertThat(h.manager.active()).isEmpty();
            assertThat(h.states()).extracting(r -> r.alert().status()).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
            assertThat(h.states().get(1).alert().endsAt()).contains(Harness.T0.plusSeconds(31));
        }
    }

    @Test
    void aConditionBrokenBeforeItsDurationStartsTheWaitAgain() {
        try (Harness h = new Harness("alerts: { rules: [ { name: LagHigh, kind: threshold, metric: lag, condition: \"> 32\", for: 30s } ] }")) {
            h.set("lag", SOL, 40);
            h.at(0);
            h.at(20);
            h.set("lag", SOL, 1);
            h.at(5);
            h.set("lag", SOL, 40);
            h.at(5);
            h.at(25);
            assertThat(h.manager.active()).isEmpty();
            h.at(5);
            assertThat(h.manager.active()).singleElement().extracting(Alert::startsAt).isEqualTo(Harness.T0.plusSeconds(30));
        }
    }

    @Test
    void aSeriesThatGoesAwayNoLongerHoldsItsThreshold() {
        try (Harness h = new Harness("alerts: { rules: [ { name: LagHigh, kind: threshold, metric: lag, condition: \"> 32\" } ] }")) {
            h.set("lag", SOL, 40);
            h.at(0);
            assertThat(h.manager.active()).hasSize(1);
            h.remove("lag", SOL);
            h.at(1);
            assertThat(h.manager.active()).isEmpty();
        }
    }

    @Test
    void aRateOfChangeOverItsWindowFiresWhenFastAndResolvesWhenFlat() {
        try (Harness h = new Harness("""
                alerts: { rules: [ { name: Growing, kind: rate, metric: depth, condition: "> 10", window: 10s, for: 2s } ] }
                """)) {
            double v = 0;
            for (int s = 0; s < 12; s++) { // 5 per second
                h.set("depth", Map.of(), v += 5);
                h.at(1);
            }
            assertThat(h.manager.active()).isEmpty();
            for (int s = 0; s < 4; s++) { // 100 per second: the 10 s window passes 10 per second within a few samples
                h.set("depth", Map.of(), v += 100);
                h.at(1);
            }
            assertThat(h.manager.active()).singleElement().extracting(Alert::name).isEqualTo("Growing");
            for (int s = 0; s < 12; s++) {
                h.at(1); // flat: the window empties of the growth
            }
            assertThat(h.manager.active()).isEmpty();
        }
    }

    @Test
    void absenceFiresForASeriesThatStopsAndForAMetricNeverSeenAndResolvesWhenDataComes() {
        try (Harness h = new Harness("""
                alerts:
                  rules:
                    - { name: CheckpointSilent, kind: absent, metric: checkpoint, for: 30s }
                    - { name: HeadMissing, kind: absent, metric: head, matchers: ["chain=base"], for: 30s }
                """)) {
            h.set("checkpoint", SOL, 100);
            h.at(0);
            h.remove("checkpoint", SOL);
            h.at(29);
            assertThat(h.manager.active()).isEmpty();
            h.at(1);
            assertThat(h.manager.active()).extracting(a -> a.name() + a.labels().get("chain"))
                    .containsExactlyInAnyOrder("CheckpointSilentsolana", "HeadMissingbase");
            h.set("checkpoint", SOL, 101);
            h.set("head", Map.of("chain", "base"), 7);
            h.at(1);
            assertThat(h.manager.active()).isEmpty();
        }
    }

    @Test
    void theMicrometerAdapterGivesGaugesCountersAndTimersAsSeries() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        java.util.concurrent.atomic.AtomicInteger lag = registry.gauge("chainwatch.solana.slot_lag", java.util.List.of(
                io.micrometer.core.instrument.Tag.of("chain", "solana")), new java.util.concurrent.atomic.AtomicInteger(7));
        registry.counter("chainwatch_events", "kind", "swap").increment(3);
        registry.timer("chainwatch_stage").record(java.time.Duration.ofMillis(500));
        ManualClock clock = new ManualClock(Harness.T0);
        MicrometerSeriesSource source = new MicrometerSeriesSource(registry, clock);
        SeriesSnapshot snapshot = new SeriesSnapshot(4);
        source.collect(snapshot);
        Map<String, Double> values = new java.util.TreeMap<>();
        for (int i = 0; i < snapshot.size(); i++) {
            values.put(snapshot.key(i).toString(), snapshot.value(i));
            assertThat(snapshot.timeMillis(i)).isEqualTo(Harness.T0.toEpochMilli());
        }
        assertThat(values).containsEntry("chainwatch_solana_slot_lag{chain=solana}", 7.0).containsEntry("chainwatch_events{kind=swap}", 3.0)
                .containsEntry("chainwatch_stage_count{}", 1.0).containsEntry("chainwatch_stage_sum{}", 0.5);
        SeriesKey first = snapshot.key(0);
        lag.set(9);
        snapshot.clear();
        source.collect(snapshot);
        assertThat(snapshot.key(0)).isSameAs(first); // one key per meter: evaluation finds its state without allocating
    }
}
