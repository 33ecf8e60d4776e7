package io.chainwatch.strategy.arb;

import io.chainwatch.market.PoolState;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

import static io.chainwatch.strategy.arb.Pools.DAI;
import static io.chainwatch.strategy.arb.Pools.USDC;
import static io.chainwatch.strategy.arb.Pools.WETH;
import static io.chainwatch.strategy.arb.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

class ArbitrageDetectorTest {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final BigInteger USD = BigInteger.TEN.pow(6);
    private static final GasPrice GAS = new GasPrice(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000_000L));
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T10:00:00Z"));

    private static ArbitrageDetector detector() {
        return new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(WETH), WETH, USDC, 21_000, 90_000, 64), CLOCK);
    }

    private static PoolState ethUsd(int id, String dex, long eth, long usd) {
        return pool(id, dex, WETH, ETH.multiply(BigInteger.valueOf(eth)), USDC, USD.multiply(BigInteger.valueOf(usd)), 30);
    }

    @Test
    void aPriceGapBetweenTwoFactoriesIsFoundSizedAndPricedAfterGas() {
        ArbitrageDetector d = detector();
        d.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        // A large swap on the other factory left ETH cheap there: 2,900 USDC.
        PoolState cheap = ethUsd(2, "sushiswap", 1_000, 2_900_000);
        List<Opportunity> found = d.onChange(cheap, GAS);

        assertThat(found).hasSize(1);
        Opportunity o = found.getFirst();
        // Buy ETH where it is cheap: pay USDC there... the route starts in WETH, so sell WETH where it is dear first.
        assertThat(o.route().pools()).containsExactly(ethUsd(1, "uniswap", 1, 1).address(), cheap.address());
        assertThat(o.amountOut()).isEqualTo(o.route().amountOut(o.amountIn()));
        assertThat(o.profit()).isEqualTo(o.amountOut().subtract(o.amountIn()));
        assertThat(o.gasUnits()).isEqualTo(21_000 + 2 * 90_000);
        assertThat(o.gasCostWei()).isEqualTo(BigInteger.valueOf(21_000_000_000L * 201_000));
        assertThat(o.gasCost()).isEqualTo(o.gasCostWei()); // gas is paid in the route's own token
        assertThat(o.netProfit()).isEqualTo(o.profit().subtract(o.gasCostWei()));
        assertThat(o.netProfit()).isPositive();
        assertThat(o.netUsd()).isPositive();
        assertThat(o.seenAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aGapSmallerThanTheGasIsNoOpportunity() {
        ArbitrageDetector d = detector();
        d.put(ethUsd(1, "uniswap", 10, 30_000));
        List<Opportunity> found = d.onChange(ethUsd(2, "sushiswap", 10, 29_000), new GasPrice(BigInteger.valueOf(200_000_000_000L),
                BigInteger.ZERO));
        assertThat(found).isEmpty();
        GasPrice free = new GasPrice(BigInteger.ZERO, BigInteger.ZERO);
        assertThat(d.routesThrough(ethUsd(2, "sushiswap", 10, 29_000)).stream().flatMap(r -> d.evaluate(r, free, 100).stream())
                .filter(Opportunity::pays)).as("without gas one route would pay").isNotEmpty();
    }

    @Test
    void aCycleThroughThreePoolsIsFound() {
        ArbitrageDetector d = detector();
        d.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        d.put(pool(3, "uniswap", DAI, ETH.multiply(BigInteger.valueOf(3_000_000)), WETH, ETH.multiply(BigInteger.valueOf(1_000)), 30));
        // USDC is dear in DAI on this pool: 1 USDC buys 1.05 DAI.
        PoolState usdcDai = pool(4, "sushiswap", USDC, USD.multiply(BigInteger.valueOf(2_000_000)), DAI,
                ETH.multiply(BigInteger.valueOf(2_100_000)), 30);
        List<Opportunity> found = d.onChange(usdcDai, GAS);

        assertThat(found).isNotEmpty();
        Opportunity best = found.getFirst();
        assertThat(best.route().hops()).hasSize(3);
        assertThat(best.route().token()).isEqualTo(WETH);
        assertThat(best.route().pools()).contains(usdcDai.address());
        assertThat(best.amountOut()).isEqualTo(best.route().amountOut(best.amountIn()));
        assertThat(best.netProfit()).isPositive();
    }

    @Test
    void routesOnlyStartInTheTokensWeHold() {
        ArbitrageDetector d = new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(DAI), WETH, null, 21_000, 90_000, 64), CLOCK);
        d.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        assertThat(d.onChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS)).isEmpty();
    }

    @Test
    void afterAReorgTheDetectorHoldsExactlyTheRolledBackPools() {
        ArbitrageDetector d = detector();
        d.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        d.put(ethUsd(2, "sushiswap", 1_000, 2_900_000)); // created in a block the reorg undid
        d.replaceAll(List.of(ethUsd(1, "uniswap", 1_000, 2_950_000)));
        assertThat(d.pool(ethUsd(2, "sushiswap", 1, 1).address())).as("its creation was undone").isEmpty();
        assertThat(d.pool(ethUsd(1, "uniswap", 1, 1).address()).orElseThrow().reserve1())
                .isEqualTo(ethUsd(1, "uniswap", 1_000, 2_950_000).reserve1());
        assertThat(d.routesThrough(ethUsd(1, "uniswap", 1_000, 2_950_000))).as("no route through a pool that is gone").isEmpty();
    }
}
