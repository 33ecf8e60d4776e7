package io.chainwatch.strategy.arb;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.market.PoolState;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Realized volatility and how busy a pool is, fading with time, as the risk score reads them. */
class MarketActivityTest {
    private static final Address A = new Address(1, 0, 1);
    private static final Address B = new Address(1, 0, 2);
    private static final Address POOL = new Address(7, 0, 1);
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static PoolState at(double price) {
        BigInteger r0 = BigInteger.TEN.pow(24);
        BigInteger r1 = new java.math.BigDecimal(r0).multiply(java.math.BigDecimal.valueOf(price)).toBigInteger();
        return new PoolState("t", "dex", POOL, A, B, 30, U256.of(r0), U256.of(r1), 1, Hash32.ZERO);
    }

    /** Through the pool watched and back through one never seen (which adds nothing). */
    private static Route route() {
        PoolState other = new PoolState("t", "dex2", new Address(7, 0, 2), A, B, 30, U256.of(BigInteger.TEN.pow(24)),
                U256.of(BigInteger.TEN.pow(24)), 1, Hash32.ZERO);
        return new Route(List.of(new Hop(at(1), A), new Hop(other, B)));
    }

    @Test
    void volatilityIsTheSquareRootOfTheSquaredLogReturnsAndBusinessFadesWithinBlocks() {
        MarketActivity m = new MarketActivity();
        m.observe(at(100), T0);
        assertThat(m.volatility(route())).as("one price: no return yet").isZero();
        m.observe(at(102), T0.plusMillis(1));
        m.observe(at(100), T0.plusMillis(2));
        double r1 = Math.log(102 / 100.0);
        double r2 = Math.log(100 / 102.0);
        assertThat(m.volatility(route())).isCloseTo(Math.sqrt(r1 * r1 + r2 * r2), within(1e-6));
        assertThat(m.competitors(route(), T0.plusMillis(2))).as("two others' changes, beside the one looked at").isEqualTo(1);

        // Three hours of quiet: the moves fade (e^-3 of their variance), and no one is trading now.
        assertThat(m.competitors(route(), T0.plus(Duration.ofMinutes(1)))).isZero();
        m.observe(at(100), T0.plus(Duration.ofHours(3)));
        assertThat(m.volatility(route())).isCloseTo(Math.sqrt((r1 * r1 + r2 * r2) * Math.exp(-3)), within(1e-4));
    }

    @Test
    void aPoolNeverSeenHasNoActivity() {
        assertThat(new MarketActivity().volatility(route())).isZero();
        assertThat(new MarketActivity().competitors(route(), T0)).isZero();
    }
}
