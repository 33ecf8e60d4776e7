package io.chainwatch.strategy.arb;

import io.chainwatch.market.PoolState;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.TradingState;
import io.chainwatch.strategy.exec.Execution;
import io.chainwatch.strategy.exec.PaperExecutor;
import io.chainwatch.strategy.exec.TradingEngine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.chainwatch.strategy.arb.Pools.USDC;
import static io.chainwatch.strategy.arb.Pools.WETH;
import static io.chainwatch.strategy.arb.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Detector, risk manager and paper executor together, as live runs them. */
class TradingEngineTest {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final BigInteger USD = BigInteger.TEN.pow(6);
    private static final GasPrice GAS = new GasPrice(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000_000L));
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T10:00:00Z"));

    private final List<RiskManager.RiskEvent> audit = new ArrayList<>();
    private final ArbitrageDetector detector = new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(WETH), WETH, USDC, 21_000, 90_000,
            64), CLOCK);
    private final AtomicBoolean complete = new AtomicBoolean(true);

    private RiskManager risk(String maxTrade) {
        return new RiskManager(new RiskLimits(new BigDecimal("5000"), new BigDecimal(maxTrade), 0.5, 0.2, new BigDecimal("20000"), 5,
                Duration.ofMinutes(5), false, Map.of("arb", new BigDecimal("10000000"))), new BigDecimal("10000000"), null, CLOCK, audit::add);
    }

    private TradingEngine engine(RiskManager risk) {
        return new TradingEngine(new TradingEngine.Settings("arb", 0.005, 6), detector, risk,
                new PaperExecutor(detector::pool), complete::get, CLOCK);
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
    }

    @Test
    void aTradeTheLimitsForbidIsRejectedWithTheLimitAndNotMade() {
        RiskManager risk = risk("1000"); // the route wants far more than 1,000 USD
        TradingEngine engine = engine(risk);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();
        assertThat(out.decision().approved()).isFalse();
        assertThat(out.decision().reason()).contains("max trade amount 1000");
        assertThat(out.execution()).isNull();
        assertThat(risk.snapshot().equity()).isEqualByComparingTo("10000000");
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
