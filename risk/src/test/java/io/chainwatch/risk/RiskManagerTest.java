package io.chainwatch.risk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per limit, the states and their endings, and limits holding under concurrent decisions. */
@Timeout(60)
class RiskManagerTest {
    /** A clock the test moves. */
    static final class ManualClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-12-04T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<RiskManager.RiskEvent> audit = new ArrayList<>();

    private static RiskLimits limits(boolean autoResume) {
        return new RiskLimits(new BigDecimal("1000"), new BigDecimal("10000"), 0.05, 0.10, new BigDecimal("5000"), 3,
                Duration.ofMinutes(15), autoResume, Map.of("arb", new BigDecimal("8000")));
    }

    private RiskManager manager(boolean autoResume) {
        return new RiskManager(limits(autoResume), new BigDecimal("100000"), null, clock, audit::add);
    }

    private static int ids;

    private static TradeRequest trade(String strategy, String notional, String worstCase) {
        return new TradeRequest("t" + (++ids), strategy, new BigDecimal(notional), new BigDecimal("10"), new BigDecimal(worstCase), false,
                0.02, 0.005, 0.005, 0.2, Duration.ofMillis(300), 1);
    }

    private static TradeRequest reducing(String notional) {
        return new TradeRequest("r" + (++ids), "arb", new BigDecimal(notional), new BigDecimal("1"), new BigDecimal("1"), true,
                0.02, 0.005, 0.005, 0.2, Duration.ofMillis(300), 1);
    }

    /** Approves and settles a trade that made {@code pnl}. */
    private static void trade(RiskManager m, String pnl) {
        Decision d = m.decide(trade("arb", "100", "1"));
        assertThat(d.approved()).as(d.reason()).isTrue();
        m.settle(d.requestId(), new BigDecimal(pnl));
    }

    @Test
    void aTradeWithinEveryLimitIsApprovedAndAudited() {
        RiskManager m = manager(false);
        Decision d = m.decide(trade("arb", "4000", "50"));
        assertThat(d.approved()).isTrue();
        assertThat(d.size()).isEqualByComparingTo("4000");
        assertThat(d.maxSize()).isEqualByComparingTo("5000"); // 5 % of 100,000
        assertThat(d.score().total()).isBetween(0.0, 1.0);
        assertThat(audit).hasSize(1).first().isInstanceOf(RiskManager.RiskEvent.Decided.class);
    }

    @Test
    void limitsComeFromTheConfigurationAsWritten() {
        RiskLimits l = RiskLimits.of(new io.chainwatch.core.config.RiskConfig(new BigDecimal("1000"), new BigDecimal("10000"), 0.05, 0.1,
                new BigDecimal("5000"), 3, 900_000, true, Map.of("arb", new BigDecimal("8000")), java.util.Optional.empty()));
        assertThat(l).isEqualTo(new RiskLimits(new BigDecimal("1000"), new BigDecimal("10000"), 0.05, 0.1, new BigDecimal("5000"), 3,
                Duration.ofMinutes(15), true, Map.of("arb", new BigDecimal("8000"))));
    }

    @Test
    void maxTradeAmount() {
        RiskManager m = new RiskManager(new RiskLimits(new BigDecimal("1000"), new BigDecimal("2000"), 0.5, 0.1, new BigDecimal("5000"), 3,
                Duration.ofMinutes(1), false, Map.of("arb", new BigDecimal("100000"))), new BigDecimal("100000"), null, clock, audit::add);
        Decision d = m.decide(trade("arb", "2500", "1"));
        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("max trade amount 2000");
        assertThat(d.maxSize()).isEqualByComparingTo("2000");
    }

    @Test
    void maxPositionSize() {
        Decision d = manager(false).decide(trade("arb", "6000", "1"));
        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("max position size 5.00% of the portfolio");
    }

    @Test
    void strategyBudgetsCountWhatIsOpen() {
        RiskManager m = manager(false);
        assertThat(m.decide(trade("arb", "5000", "1")).approved()).isTrue();
        Decision second = m.decide(trade("arb", "4000", "1"));
        assertThat(second.approved()).isFalse();
        assertThat(second.reason()).contains("budget 8000 (3000 left)");
        assertThat(m.decide(trade("momentum", "10", "1")).reason()).isEqualTo("strategy momentum has no budget");
    }

    @Test
    void maxDailyLossCountsTheWorstCaseOfOpenTrades() {
        RiskManager m = manager(false);
        assertThat(m.decide(trade("arb", "1000", "700")).approved()).isTrue();
        Decision d = m.decide(trade("arb", "1000", "400"));
        assertThat(d.approved()).as("700 at risk in an open trade, 400 more would pass 1000").isFalse();
        assertThat(d.reason()).contains("max daily loss 1000");
        assertThat(d.maxSize()).isEqualByComparingTo("750"); // 300 of room, 0.4 of the notional per unit of worst case
    }

    @Test
    void reachingTheDailyLossAllowsOnlyReducingTradesUntilTheDayTurns() {
        RiskManager m = manager(false);
        trade(m, "-600");
        trade(m, "50");
        trade(m, "-450");
        assertThat(m.state()).isEqualTo(TradingState.REDUCING);
        assertThat(m.decide(trade("arb", "100", "1")).reason()).startsWith("only risk-reducing trades: max daily loss");
        assertThat(m.decide(reducing("100")).approved()).isTrue();
        clock.advance(Duration.ofDays(1));
        assertThat(m.state()).isEqualTo(TradingState.ACTIVE);
        assertThat(m.snapshot().lossToday()).isEqualByComparingTo("0");
    }

    @Test
    void maxConsecutiveLossesPausesForTheCooldown() {
        RiskManager m = manager(false);
        trade(m, "-1");
        trade(m, "-1");
        trade(m, "-1");
        assertThat(m.state()).isEqualTo(TradingState.HALTED);
        assertThat(m.decide(trade("arb", "100", "1")).reason()).contains("3 losses in a row");
        clock.advance(Duration.ofMinutes(15));
        assertThat(m.state()).isEqualTo(TradingState.ACTIVE);
        assertThat(m.decide(trade("arb", "100", "1")).approved()).isTrue();
    }

    @Test
    void maxDrawdownStopsTrading() {
        RiskManager m = new RiskManager(new RiskLimits(new BigDecimal("1000000"), new BigDecimal("10000"), 0.5, 0.02, new BigDecimal("50000"),
                100, Duration.ofMinutes(1), false, Map.of("arb", new BigDecimal("100000"))), new BigDecimal("100000"), null, clock, audit::add);
        trade(m, "1000");  // peak 101,000
        trade(m, "-2100"); // 98,900: 2.08 % below the peak
        RiskSnapshot s = m.snapshot();
        assertThat(s.state()).isEqualTo(TradingState.HALTED);
        assertThat(s.manualStop()).isTrue();
        assertThat(s.stopReasons()).singleElement().asString().startsWith("emergency stop, max drawdown: 2.08% below the peak 101000");
        clock.advance(Duration.ofHours(1));
        assertThat(m.state()).as("no auto-resume configured: only a reset ends it").isEqualTo(TradingState.HALTED);
    }

    @Test
    void emergencyStopLossStopsTrading() {
        RiskManager m = new RiskManager(new RiskLimits(new BigDecimal("1000000"), new BigDecimal("10000"), 0.5, 0.99, new BigDecimal("3000"),
                100, Duration.ofMinutes(1), false, Map.of("arb", new BigDecimal("100000"))), new BigDecimal("100000"), null, clock, audit::add);
        trade(m, "-2000");
        assertThat(m.state()).isEqualTo(TradingState.ACTIVE);
        trade(m, "-1000");
        assertThat(m.snapshot().stopReasons()).singleElement().asString()
                .isEqualTo("emergency stop, emergency stop loss: lost 3000 since the start, limit 3000");
    }

    @Test
    void aManualStopEndsByResetOrByAutoResumeWhenConfigured() {
        RiskManager m = manager(false);
        m.emergencyStop("oracle looks wrong");
        assertThat(m.decide(trade("arb", "100", "1")).reason()).isEqualTo("trading is halted: emergency stop, manual: oracle looks wrong");
        clock.advance(Duration.ofHours(2));
        assertThat(m.state()).isEqualTo(TradingState.HALTED);
        assertThat(m.reset("alice")).isTrue();
        assertThat(m.state()).isEqualTo(TradingState.ACTIVE);
        assertThat(m.reset("alice")).isFalse();

        RiskManager auto = manager(true);
        auto.emergencyStop("test");
        clock.advance(Duration.ofMinutes(14));
        assertThat(auto.state()).isEqualTo(TradingState.HALTED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(auto.state()).isEqualTo(TradingState.ACTIVE);
        assertThat(audit).filteredOn(e -> e instanceof RiskManager.RiskEvent.StateChanged c && c.to() == TradingState.ACTIVE)
                .extracting(e -> ((RiskManager.RiskEvent.StateChanged) e).reason())
                .contains("reset by alice", "emergency stop ended by auto-resume after the cooldown");
    }

    @Test
    void aStopSurvivesARestartFromTheSnapshot() {
        RiskManager m = manager(false);
        trade(m, "-200");
        m.emergencyStop("maintenance");
        RiskManager restarted = new RiskManager(limits(false), new BigDecimal("1"), m.snapshot(), clock, audit::add);
        assertThat(restarted.state()).isEqualTo(TradingState.HALTED);
        assertThat(restarted.snapshot().lossToday()).isEqualByComparingTo("200");
        assertThat(restarted.snapshot().equity()).isEqualByComparingTo("99800");
        assertThat(restarted.decide(trade("arb", "100", "1")).approved()).isFalse();
    }

    @Test
    void concurrentDecisionsNeverTogetherPassABudgetOrTheDailyLoss() throws Exception {
        for (int round = 0; round < 20; round++) {
            RiskManager m = manager(false);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger approved = new AtomicInteger();
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 50; i++) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        TradeRequest req = new TradeRequest(Thread.currentThread().getName() + "-" + i + "-" + r.nextLong(), "arb",
                                BigDecimal.valueOf(r.nextInt(100, 3000)), BigDecimal.ONE, BigDecimal.valueOf(r.nextInt(0, 200)), false, 0.02,
                                0.01, 0.01, 0.1, Duration.ZERO, 0);
                        if (m.decide(req).approved()) {
                            approved.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (var f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            RiskSnapshot s = m.snapshot();
            BigDecimal notional = s.open().values().stream().map(RiskSnapshot.Reservation::notional).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal worst = s.open().values().stream().map(RiskSnapshot.Reservation::worstCaseLoss).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(approved.get()).isPositive();
            assertThat(notional).isLessThanOrEqualTo(new BigDecimal("8000"));
            assertThat(worst).isLessThanOrEqualTo(new BigDecimal("1000"));
        }
    }
}
