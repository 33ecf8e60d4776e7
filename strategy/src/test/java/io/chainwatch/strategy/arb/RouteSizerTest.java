package io.chainwatch.strategy.arb;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import static io.chainwatch.strategy.arb.Pools.DAI;
import static io.chainwatch.strategy.arb.Pools.USDC;
import static io.chainwatch.strategy.arb.Pools.WETH;
import static io.chainwatch.strategy.arb.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

class RouteSizerTest {
    @Property(tries = 300)
    void thirtyBasisPointsIsTheContractsNineNineSevenToTheWei(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long in,
                                                             @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long rIn,
                                                             @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long rOut) {
        BigInteger a = BigInteger.valueOf(in);
        BigInteger inWithFee = a.multiply(BigInteger.valueOf(997));
        BigInteger contract = inWithFee.multiply(BigInteger.valueOf(rOut))
                .divide(BigInteger.valueOf(rIn).multiply(BigInteger.valueOf(1000)).add(inWithFee));
        assertThat(V2Math.amountOut(a, BigInteger.valueOf(rIn), BigInteger.valueOf(rOut), 30)).isEqualTo(contract);
    }

    @Property(tries = 15)
    void twoPoolsAreSizedToTheBestExactProfit(@ForAll @LongRange(min = 1_000, max = 200_000) long wethA,
                                              @ForAll @IntRange(min = 50, max = 400) int gapPercent,
                                              @ForAll @IntRange(min = 0, max = 100) int feeA, @ForAll @IntRange(min = 0, max = 100) int feeB) {
        // Pool A sells USDC cheap (more USDC per WETH than pool B): WETH -> USDC on A, USDC -> WETH on B.
        Route route = new Route(List.of(new Hop(pool(1, "a", WETH, wethA, USDC, wethA * (100 + gapPercent) / 100 * 3, feeA), WETH),
                new Hop(pool(2, "b", WETH, 150_000, USDC, 300_000, feeB), USDC)));
        assertNearBest(route, 400_000);
    }

    @Property(tries = 10)
    void threePoolCyclesAreSizedToTheBestExactProfit(@ForAll @LongRange(min = 5_000, max = 100_000) long usdcDai,
                                                     @ForAll @IntRange(min = 0, max = 60) int fee) {
        Route route = new Route(List.of(new Hop(pool(1, "a", WETH, 50_000, USDC, 100_000, fee), WETH),
                new Hop(pool(2, "a", USDC, usdcDai, DAI, usdcDai * 2, fee), USDC),
                new Hop(pool(3, "b", DAI, 120_000, WETH, 40_000, fee), DAI)));
        assertNearBest(route, 200_000);
    }

    @Test
    void theEstimateThatRanksRoutesIsTheExactProfitToAFewPartsPerMillion() {
        Route route = new Route(List.of(new Hop(pool(1, "a", WETH, BigInteger.TEN.pow(21), USDC, BigInteger.valueOf(3_100_000_000_000L), 30),
                WETH), new Hop(pool(2, "b", WETH, BigInteger.TEN.pow(21), USDC, BigInteger.valueOf(3_000_000_000_000L), 30), USDC)));
        double exact = RouteSizer.size(route, null).orElseThrow().profit().doubleValue();
        assertThat(RouteSizer.estimatedProfit(route)).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(0.001));
    }

    @Test
    void poolsAtTheSamePriceGiveNothing() {
        Route route = new Route(List.of(new Hop(pool(1, "a", WETH, 1_000_000, USDC, 3_000_000, 30), WETH),
                new Hop(pool(2, "b", WETH, 2_000_000, USDC, 6_000_000, 30), USDC)));
        assertThat(RouteSizer.size(route, null)).isEmpty();
    }

    @Test
    void aCapLimitsTheInput() {
        Route route = new Route(List.of(new Hop(pool(1, "a", WETH, 1_000_000, USDC, 4_000_000, 30), WETH),
                new Hop(pool(2, "b", WETH, 1_000_000, USDC, 3_000_000, 30), USDC)));
        RouteSizer.Sized free = RouteSizer.size(route, null).orElseThrow();
        RouteSizer.Sized capped = RouteSizer.size(route, BigInteger.valueOf(1_000)).orElseThrow();
        assertThat(free.amountIn()).isGreaterThan(BigInteger.valueOf(1_000));
        assertThat(capped.amountIn()).isEqualTo(BigInteger.valueOf(1_000));
        assertThat(capped.amountOut()).isEqualTo(route.amountOut(BigInteger.valueOf(1_000)));
    }

    /**
     * The size found pays, exactly as the pools would, within one unit per hop of the best any input
     * from 1 to {@code max} gets (the pools round down at each hop, so the top of the exact profit is
     * a flat, ragged plateau), and there is a size exactly when some input pays.
     */
    private static void assertNearBest(Route route, long max) {
        Optional<BigInteger> best = bruteForce(route, max);
        Optional<RouteSizer.Sized> sized = RouteSizer.size(route, null);
        assertThat(sized.isPresent()).as("found a size: %s; best profit %s", sized, best).isEqualTo(best.isPresent());
        sized.ifPresent(s -> {
            assertThat(s.amountOut()).isEqualTo(route.amountOut(s.amountIn()));
            assertThat(s.profit()).isEqualTo(s.amountOut().subtract(s.amountIn()));
            assertThat(best.orElseThrow().subtract(s.profit())).isBetween(BigInteger.ZERO, BigInteger.valueOf(route.hops().size()));
        });
    }

    /** The highest exact profit of any input from 1 to {@code max}, or empty when none is positive. */
    private static Optional<BigInteger> bruteForce(Route route, long max) {
        BigInteger best = BigInteger.ZERO;
        for (long x = 1; x <= max; x++) {
            BigInteger in = BigInteger.valueOf(x);
            BigInteger p = route.amountOut(in).subtract(in);
            if (p.compareTo(best) > 0) {
                best = p;
            }
        }
        return best.signum() > 0 ? Optional.of(best) : Optional.empty();
    }
}
