package io.chainwatch.strategy.arb;

import io.chainwatch.market.PoolState;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.KellySizer;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.TradingState;
import io.chainwatch.strategy.exec.Execution;
import io.chainwatch.strategy.exec.Executor;
import io.chainwatch.strategy.exec.PaperExecutor;
import io.chainwatch.strategy.exec.TradeJournal;
import io.chainwatch.strategy.exec.TradeJournal.TradeStatus;
import io.chainwatch.strategy.exec.TradingEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.chainwatch.strategy.arb.Pools.USDC;
import static io.chainwatch.strategy.arb.Pools.WETH;
import static io.chainwatch.strategy.arb.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Detector, risk manager and paper executor together, as live runs them. */
@Timeout(10)
class TradingEngineTest {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final BigInteger USD = BigInteger.TEN.pow(6);
    private static final GasPrice GAS = new GasPrice(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000_000L));
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T10:00:00Z"));

    private final List<RiskManager.RiskEvent> audit = new ArrayList<>();
    private final ArbitrageDetector detector = new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(WETH), WETH, USDC, 21_000, 90_000,
            64), CLOCK);
    private final AtomicBoolean complete = new AtomicBoolean(true);
    private final TradeJournal journal = new TradeJournal(100, 100);

    private RiskManager risk(String maxTrade) {
        return new RiskManager(new RiskLimits(new BigDecimal("5000"), new BigDecimal(maxTrade), 0.5, 0.2, new BigDecimal("20000"), 5,
                Duration.ofMinutes(5), false, Map.of("arb", new BigDecimal("10000000"))), new BigDecimal("10000000"), null, CLOCK, audit::add);
    }

    private TradingEngine engine(RiskManager risk) {
        return engine(risk, new PaperExecutor(detector::pool));
    }

    private TradingEngine engine(RiskManager risk, Executor executor) {
        return new TradingEngine(new TradingEngine.Settings("arb", 0.005, 6), detector, risk, executor, journal, complete::get, CLOCK);
    }

    private static PoolState ethUsd(int id, String dex, long eth, long usd) {
        return pool(id, dex, WETH, ETH.multiply(BigInteger.valueOf(eth)), USDC, USD.multiply(BigInteger.valueOf(usd)), 30);
    }

    @Test
    void anApprovedOpportunityIsFilledOnPaperAndItsProfitSettledIntoTheRiskState() throws Exception {
        RiskManager risk = risk("10000000");
        TradingEngine engine = engine(risk);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();

        assertThat(out.decision().approved()).as(out.decision().reason()).isTrue();
        Execution x = out.execution().get();
        assertThat(x.filled()).isTrue();
        assertThat(x.amountOut()).as("nothing moved the pools in between").isEqualTo(out.opportunity().amountOut());
        assertThat(x.realizedProfit()).isEqualTo(out.opportunity().netProfit());
        BigDecimal pnlUsd = new BigDecimal(detector.toUsd(WETH, x.realizedProfit()).orElseThrow()).movePointLeft(6);
        assertThat(risk.snapshot().equity()).isEqualByComparingTo(new BigDecimal("10000000").add(pnlUsd));
        assertThat(risk.snapshot().open()).isEmpty();

        TradeJournal.OpportunityRecord seen = journal.opportunities(10).getFirst();
        assertThat(seen.decision()).isEqualTo(out.decision());
        assertThat(seen.skipped()).isNull();
        assertThat(seen.route().pools()).isEqualTo(out.opportunity().route().pools());
        assertThat(seen.route().tokens()).containsExactly(WETH, USDC, WETH);
        assertThat(seen.route().amountIn()).isEqualTo(out.opportunity().amountIn());
        assertThat(seen.route().netProfit()).isEqualTo(out.opportunity().netProfit());
        TradeJournal.TradeRecord trade = journal.trades(10).getFirst();
        assertThat(trade.requestId()).isEqualTo(out.decision().requestId()).isEqualTo(x.requestId());
        assertThat(trade.status()).isEqualTo(TradeStatus.FILLED);
        assertThat(trade.execution()).isEqualTo(x);
        assertThat(trade.realizedUsd()).isEqualByComparingTo(pnlUsd);
    }

    @Test
    void aFilledTradeLeavesThePoolsAsItWouldSoItsGapIsNotSeenAgain() throws Exception {
        RiskManager risk = risk("10000000");
        TradingEngine engine = engine(risk);
        PoolState one = ethUsd(1, "uniswap", 1_000, 3_000_000);
        PoolState two = ethUsd(2, "sushiswap", 1_000, 2_900_000);
        detector.put(one);
        TradingEngine.Outcome first = engine.onPoolChange(two, GAS, CLOCK.instant()).orElseThrow();
        assertThat(first.execution().get().filled()).isTrue();
        // The next change the engine takes, anywhere (here a pool no route of ours uses), shows the detector the fill's effect.
        engine.onPoolChange(pool(9, "uniswap", Pools.DAI, ETH, USDC, USD, 30), GAS, CLOCK.instant());
        PoolState oneNow = detector.pool(one.address()).orElseThrow();
        var hops = first.opportunity().route().hops();
        BigInteger in = first.opportunity().amountIn();
        for (var hop : hops) {
            BigInteger out = hop.amountOut(in);
            PoolState now = detector.pool(hop.pool().address()).orElseThrow();
            BigInteger wantIn = hop.reserveIn().add(in);
            BigInteger wantOut = hop.reserveOut().subtract(out);
            assertThat(hop.zeroForOne() ? now.reserve0().toBigInteger() : now.reserve1().toBigInteger()).as("in, exactly").isEqualTo(wantIn);
            assertThat(hop.zeroForOne() ? now.reserve1().toBigInteger() : now.reserve0().toBigInteger()).as("out, exactly").isEqualTo(wantOut);
            in = out;
        }
        assertThat(detector.routesThrough(oneNow).stream().flatMap(r -> detector.evaluate(r, GAS, 1).stream())
                .filter(Opportunity::pays)).as("the gap it closed is closed").isEmpty();
    }

    @Test
    void aTradeTooLargeForALimitIsMadeAtTheSizeTheLimitsAllow() throws Exception {
        RiskManager risk = risk("1000"); // the route wants far more than 1,000 USD
        TradingEngine engine = engine(risk);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(out.decision().approved()).as(out.decision().reason()).isTrue();
        assertThat(out.decision().size()).isLessThanOrEqualTo(new BigDecimal("1000")).isGreaterThan(new BigDecimal("990"));
        assertThat(audit).as("first refused at the full size, naming the limit; then approved at the size it allows")
                .filteredOn(e -> e instanceof RiskManager.RiskEvent.Decided).hasSize(2).first()
                .satisfies(e -> assertThat(((RiskManager.RiskEvent.Decided) e).decision().reason()).contains("max trade amount 1000"));
        Execution x = out.execution().get();
        assertThat(x.filled()).isTrue();
        assertThat(x.amountIn()).isEqualTo(out.opportunity().amountIn());
        assertThat(out.opportunity().netProfit()).isPositive();
        assertThat(out.opportunity().amountOut()).isEqualTo(out.opportunity().route().amountOut(out.opportunity().amountIn()));
    }

    @Test
    void withoutAMeasuredEdgeATradeIsSizedAtTheProbingShareOfTheEquityBeforeTheLimitsSeeIt() throws Exception {
        RiskManager risk = risk("10000000");
        // No history yet: a trade gets 0.01 % of the 10,000,000 equity, 1,000 USD, whatever the route's optimum.
        TradingEngine engine = new TradingEngine(new TradingEngine.Settings("arb", 0.005, 6, new KellySizer(0.25, 30, 0.0001)), detector,
                risk, new PaperExecutor(detector::pool), journal, complete::get, CLOCK);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(out.decision().approved()).isTrue();
        assertThat(out.decision().size()).isLessThanOrEqualTo(new BigDecimal("1000")).isGreaterThan(new BigDecimal("990"));
        assertThat(audit).as("asked once, at the sized amount").filteredOn(e -> e instanceof RiskManager.RiskEvent.Decided).hasSize(1);
        assertThat(out.execution().get().filled()).isTrue();
    }

    @Test
    void aTradeNoSizeOfWhichTheLimitsAllowAndPaysIsRejectedWithTheLimitAndNotMade() {
        RiskManager risk = risk("0.01"); // a cent: no trade that small pays its gas
        TradingEngine engine = engine(risk);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(out.decision().approved()).isFalse();
        assertThat(out.decision().reason()).contains("max trade amount 0.01");
        assertThat(out.execution()).isNull();
        assertThat(risk.snapshot().equity()).isEqualByComparingTo("10000000");
        assertThat(journal.opportunities(10)).singleElement().satisfies(r -> {
            assertThat(r.decision().approved()).isFalse();
            assertThat(r.decision().reason()).contains("max trade amount 0.01");
        });
        assertThat(journal.trades(10)).as("nothing was traded").isEmpty();
    }

    @Test
    void aPoolWithATradeInFlightIsNotTradedAgainUntilThatTradeIsDone() throws Exception {
        RiskManager risk = risk("10000000");
        CompletableFuture<Execution> later = new CompletableFuture<>();
        Executor slow = (id, o, min, gas) -> later;
        TradingEngine engine = engine(risk, slow);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome first = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(first.decision().approved()).isTrue();

        TradingEngine.Outcome busy = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_890_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(busy.skipped()).contains("is busy with trade " + first.decision().requestId());
        assertThat(busy.decision()).as("not put to the risk manager").isNull();

        later.complete(new Execution(first.decision().requestId(), true, first.opportunity().amountIn(), first.opportunity().amountOut(),
                BigInteger.ZERO, BigInteger.ZERO, first.opportunity().profit(), null));
        TradingEngine.Outcome after = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_880_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(after.skipped()).isNull();
        assertThat(after.decision()).isNotNull();
    }

    @Test
    void withTheMarketStateIncompleteNothingIsEvaluated() {
        RiskManager risk = risk("10000000");
        TradingEngine engine = engine(risk);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        complete.set(false);
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(out.skipped()).isEqualTo("market state incomplete: not trading");
        assertThat(audit).as("no decision was asked for").isEmpty();
        assertThat(risk.state()).isEqualTo(TradingState.ACTIVE);
        assertThat(journal.opportunities(10)).singleElement().satisfies(r -> {
            assertThat(r.skipped()).isEqualTo("market state incomplete: not trading");
            assertThat(r.route()).as("no route was looked at").isNull();
        });
    }

    @Test
    void aTradeIsInTheJournalAsPendingUntilTheExecutorAnswersThenWithWhatItDid() throws Exception {
        RiskManager risk = risk("10000000");
        PaperExecutor paper = new PaperExecutor(detector::pool);
        AtomicReference<Runnable> fill = new AtomicReference<>();
        CompletableFuture<Execution> later = new CompletableFuture<>();
        // Answers when the test says so, with what the paper executor would have done then.
        Executor slow = (id, o, min, gas) -> {
            fill.set(() -> paper.execute(id, o, min, gas).thenAccept(later::complete));
            return later;
        };
        TradingEngine engine = engine(risk, slow);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();

        TradeJournal.TradeRecord pending = journal.trades(10).getFirst();
        assertThat(pending.status()).isEqualTo(TradeStatus.PENDING);
        assertThat(pending.execution()).isNull();
        assertThat(pending.completedAt()).isNull();
        assertThat(pending.route().amountIn()).isEqualTo(out.opportunity().amountIn());

        fill.get().run();
        Execution x = out.execution().get();
        TradeJournal.TradeRecord done = journal.trades(10).getFirst();
        assertThat(done.status()).isEqualTo(TradeStatus.FILLED);
        assertThat(done.execution()).isEqualTo(x);
        assertThat(done.completedAt()).isEqualTo(CLOCK.instant());
        assertThat(journal.tradesRecorded()).as("completed in place, not a second trade").isEqualTo(1);
    }

    @Test
    void aTradeTheExecutorCannotSendIsRecordedAsNotSentAndItsReservationReleased() {
        RiskManager risk = risk("10000000");
        Executor down = (id, o, min, gas) -> CompletableFuture.failedFuture(new IllegalStateException("no signer"));
        TradingEngine engine = engine(risk, down);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();

        TradeJournal.TradeRecord t = journal.trades(10).getFirst();
        assertThat(t.status()).isEqualTo(TradeStatus.NOT_SENT);
        assertThat(t.error()).isEqualTo("IllegalStateException: no signer");
        assertThat(risk.snapshot().open()).isEmpty();
    }

    @Test
    void aFillAfterThePoolsMovedFailsLikeARevertAndPaysItsGas() throws Exception {
        RiskManager risk = risk("10000000");
        PaperExecutor paper = new PaperExecutor(detector::pool);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        Opportunity o = detector.onChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS).getFirst();
        detector.put(ethUsd(2, "sushiswap", 1_000, 3_000_000)); // someone else took the gap first
        Execution x = paper.execute("late", o, o.amountOut(), GAS).get();
        assertThat(x.filled()).isFalse();
        assertThat(x.failure()).contains("below the minimum");
        assertThat(x.realizedProfit()).isEqualTo(x.gasCost().negate());
    }
}
