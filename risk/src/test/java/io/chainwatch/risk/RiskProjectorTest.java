package io.chainwatch.risk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class RiskProjectorTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T10:00:00Z"));
    private static final RiskLimits CONFIGURED = new RiskLimits(new BigDecimal("1000"), new BigDecimal("10000"), 0.05, 0.10,
            new BigDecimal("50000"), 1_000, Duration.ofMinutes(15), false, Map.of("arb", new BigDecimal("8000")));
    private static final RiskProjector.Settings SETTINGS = new RiskProjector.Settings(2_000, 100, 0.05, 0.5, 30);

    /** A manager restored with {@code history} as its trades so far, trading and at 100,000. */
    private static RiskManager withHistory(List<BigDecimal> history) {
        return withHistory(history, e -> { });
    }

    private static RiskManager withHistory(List<BigDecimal> history, java.util.function.Consumer<RiskManager.RiskEvent> audit) {
        BigDecimal equity = new BigDecimal("100000");
        return new RiskManager(CONFIGURED, equity, new RiskSnapshot(LocalDate.of(2026, 12, 4), BigDecimal.ZERO, equity, equity, equity, 0,
                TradingState.ACTIVE, List.of(), false, null, null, Map.of(), history), CLOCK, audit);
    }

    private static List<BigDecimal> trades(int n, String pnl) {
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BigDecimal(pnl));
        }
        return out;
    }

    private static void win(RiskManager risk, int n, String pnl) {
        for (int i = 0; i < n; i++) {
            TradeRequest r = new TradeRequest("w" + i, "arb", new BigDecimal("100"), new BigDecimal(pnl), BigDecimal.ONE, false, 0, 0, 0,
                    0, Duration.ZERO, 0);
            assertThat(risk.decide(r).approved()).isTrue();
            risk.settle(r.id(), new BigDecimal(pnl));
        }
    }

    @Test
    void aLosingHistoryTightensTheLiveLimitsAndAWinningOneRestoresThem() {
        List<BigDecimal> wild = new ArrayList<>(trades(15, "400"));
        wild.addAll(trades(15, "-400"));
        List<RiskManager.RiskEvent> audit = new ArrayList<>();
        RiskManager risk = withHistory(wild, audit::add);
        RiskProjector projector = new RiskProjector(risk, CONFIGURED, SETTINGS, new SplittableRandom(7), CLOCK);

        RiskProjector.Projected bad = (RiskProjector.Projected) projector.runOnce();
        assertThat(bad.projection().probDailyLoss()).as("15 losses of 400 in 30: a day of 100 trades passes 1,000 nearly always")
                .isGreaterThan(0.99);
        assertThat(bad.tightened()).isTrue();
        assertThat(bad.trades()).isEqualTo(30);
        assertThat(risk.limits()).isEqualTo(CONFIGURED.tightened(0.5));
        assertThat(risk.limits().maxDailyLoss()).isEqualByComparingTo("500");
        assertThat(projector.last()).contains(bad);

        // 3,000 small wins later, a day of 100 trades holds three of the 15 losses about 1.4 % of the time: below the 5 % threshold.
        win(risk, 3_000, "10");
        RiskProjector.Projected good = (RiskProjector.Projected) projector.runOnce();
        assertThat(good.projection().probLimit()).isLessThanOrEqualTo(0.05);
        assertThat(good.tightened()).isFalse();
        assertThat(risk.limits()).isSameAs(CONFIGURED);
        // Both changes are in the audit trail, each with the limits before and after and why.
        List<RiskManager.RiskEvent.LimitsChanged> changes = audit.stream().filter(e -> e instanceof RiskManager.RiskEvent.LimitsChanged)
                .map(e -> (RiskManager.RiskEvent.LimitsChanged) e).toList();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).to()).isEqualTo(CONFIGURED.tightened(0.5));
        assertThat(changes.get(0).reason()).contains("tightened by 0.5");
        assertThat(changes.get(1).from()).isEqualTo(CONFIGURED.tightened(0.5));
        assertThat(changes.get(1).to()).isEqualTo(CONFIGURED);
    }

    @Test
    void theProjectionIsMadeAgainstTheConfiguredLimitsNotTheTightenedOnes() {
        // One trade in a hundred loses 300: four of them in a day's 100 trades (the configured 1,000) come about 2 % of the time,
        // two (a tightened 500) about 26 %.
        List<BigDecimal> history = new ArrayList<>(trades(297, "10"));
        history.addAll(trades(3, "-300"));
        assertThat(MonteCarlo.project(history, new BigDecimal("100000"), CONFIGURED.tightened(0.5), 2_000, 100, new SplittableRandom(7))
                .probLimit()).as("measured against the tightened limits, they would stay tightened").isGreaterThan(0.05);
        RiskManager risk = withHistory(history);
        risk.limits(CONFIGURED.tightened(0.5)); // as an earlier bad projection left them
        RiskProjector projector = new RiskProjector(risk, CONFIGURED, SETTINGS, new SplittableRandom(7), CLOCK);
        RiskProjector.Projected p = (RiskProjector.Projected) projector.runOnce();
        assertThat(p.tightened()).isFalse();
        assertThat(risk.limits()).isSameAs(CONFIGURED);
    }

    @Test
    void tooShortAHistoryIsNotProjectedAndSaysSoLeavingTheLimits() {
        RiskManager risk = withHistory(trades(29, "-400"));
        RiskProjector projector = new RiskProjector(risk, CONFIGURED, SETTINGS, new SplittableRandom(7), CLOCK);
        assertThat(projector.last()).isEmpty();
        RiskProjector.Result r = projector.runOnce();
        assertThat(r).isEqualTo(new RiskProjector.NotProjected(CLOCK.instant(), 29, "29 trades in the history, a projection needs at least 30"));
        assertThat(risk.limits()).isSameAs(CONFIGURED);
        assertThat(projector.last()).contains(r);
    }

    @Test
    void theSameSeedProjectsTheSame() {
        List<BigDecimal> history = new ArrayList<>(trades(20, "50"));
        history.addAll(trades(20, "-45"));
        RiskProjector a = new RiskProjector(withHistory(history), CONFIGURED, SETTINGS, new SplittableRandom(42), CLOCK);
        RiskProjector b = new RiskProjector(withHistory(history), CONFIGURED, SETTINGS, new SplittableRandom(42), CLOCK);
        assertThat(a.runOnce()).isEqualTo(b.runOnce());
    }
}
