package io.chainwatch.risk;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SizingAndProjectionTest {
    private static final RiskLimits LIMITS = new RiskLimits(new BigDecimal("1000"), new BigDecimal("10000"), 0.05, 0.10,
            new BigDecimal("5000"), 3, Duration.ofMinutes(15), false, Map.of("arb", new BigDecimal("8000")));

    private static List<BigDecimal> history(int wins, String win, int losses, String loss) {
        List<BigDecimal> h = new ArrayList<>();
        for (int i = 0; i < wins; i++) {
            h.add(new BigDecimal(win));
        }
        for (int i = 0; i < losses; i++) {
            h.add(new BigDecimal(loss).negate());
        }
        return h;
    }

    @Test
    void kellyIsTheWinShareLessTheLossShareOverThePayoffRatio() {
        // p = 0.6, b = 2: 0.6 - 0.4 / 2 = 0.4
        assertThat(KellySizer.kelly(history(60, "20", 40, "10"))).isCloseTo(0.4, within(1e-12));
        assertThat(KellySizer.kelly(history(40, "10", 60, "10"))).as("no edge").isZero();
    }

    @Test
    void theSizeIsAFractionOfKellyCappedByTheLimits() {
        KellySizer sizer = new KellySizer(0.25, 20, 0.001);
        List<BigDecimal> h = history(60, "20", 40, "10");
        assertThat(sizer.size(h, new BigDecimal("100000"), new BigDecimal("50000"))).isEqualByComparingTo("10000"); // 0.25 x 0.4
        assertThat(sizer.size(h, new BigDecimal("100000"), new BigDecimal("5000"))).isEqualByComparingTo("5000");
        assertThat(sizer.size(h.subList(0, 5), new BigDecimal("100000"), new BigDecimal("5000"))).as("too little history")
                .isEqualByComparingTo("100");
    }

    @Test
    void theProjectionResamplesTheHistoryAndTightensWhenALimitIsLikely() {
        List<BigDecimal> steady = history(90, "10", 10, "5");
        MonteCarlo.Projection calm = MonteCarlo.project(steady, new BigDecimal("100000"), LIMITS, 2_000, 100, new SplittableRandom(7));
        assertThat(calm.returnP50()).isCloseTo((90 * 10 - 10 * 5) / 100.0 * 100 / 100_000, within(0.0005));
        assertThat(calm.returnP5()).isLessThanOrEqualTo(calm.returnP50());
        assertThat(calm.returnP95()).isGreaterThanOrEqualTo(calm.returnP50());
        assertThat(calm.probLimit()).isZero();
        assertThat(MonteCarlo.tighten(LIMITS, calm, 0.05, 0.5)).isSameAs(LIMITS);

        List<BigDecimal> wild = history(50, "400", 50, "400");
        MonteCarlo.Projection risky = MonteCarlo.project(wild, new BigDecimal("100000"), LIMITS, 2_000, 100, new SplittableRandom(7));
        assertThat(risky.probDailyLoss()).as("50 losses of 400 in 100 trades pass 1000 nearly always").isGreaterThan(0.99);
        assertThat(risky.drawdownP95()).isGreaterThan(risky.drawdownP5());
        RiskLimits tight = MonteCarlo.tighten(LIMITS, risky, 0.05, 0.5);
        assertThat(tight.maxTradeAmount()).isEqualByComparingTo("5000");
        assertThat(tight.maxDailyLoss()).isEqualByComparingTo("500");
        assertThat(tight.strategyBudgets().get("arb")).isEqualByComparingTo("4000");
    }

    @Test
    void theRiskManagerSizesByTheEdgeOfItsWholeWindowKeptTradeByTrade() {
        InstantSource clock = InstantSource.fixed(java.time.Instant.parse("2026-12-04T10:00:00Z"));
        RiskLimits wide = new RiskLimits(new BigDecimal("1000000"), new BigDecimal("1000"), 1, 1, new BigDecimal("10000000"), 1_000_000,
                Duration.ZERO, false, Map.of("arb", new BigDecimal("1000000")));
        RiskManager m = new RiskManager(wide, new BigDecimal("1000000"), null, clock, e -> {
        });
        KellySizer sizer = new KellySizer(0.25, 20, 0.001);
        java.util.Random random = new java.util.Random(3);
        // Past the 10,000-trade window, so the oldest trades leave the sums as they leave the history.
        for (int i = 0; i < 10_050; i++) {
            TradeRequest r = new TradeRequest("t" + i, "arb", BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ONE, false, 0, 0, 0, 0, Duration.ZERO, 0);
            assertThat(m.decide(r).approved()).isTrue();
            // Early trades mostly lose, later ones mostly win: the window's edge differs from the whole run's.
            boolean win = random.nextInt(100) < (i < 2_000 ? 30 : 65);
            m.settle(r.id(), new BigDecimal(win ? random.nextInt(1, 40) : -random.nextInt(1, 30)));
            if (i % 997 == 0 || i > 10_000) {
                RiskSnapshot s = m.snapshot();
                assertThat(m.sizeByEdge(sizer)).isEqualByComparingTo(sizer.size(s.history(), s.equity(), s.equity()));
            }
        }
        assertThat(m.snapshot().history()).hasSize(10_000);
        // Restored from its snapshot, the manager sums its history again: the same size.
        RiskManager restored = new RiskManager(wide, BigDecimal.ONE, m.snapshot(), clock, e -> {
        });
        assertThat(restored.sizeByEdge(sizer)).isEqualByComparingTo(m.sizeByEdge(sizer));
    }
}
