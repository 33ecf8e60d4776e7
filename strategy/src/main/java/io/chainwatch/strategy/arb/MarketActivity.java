package io.chainwatch.strategy.arb;

import io.chainwatch.core.Address;
import io.chainwatch.market.PoolState;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the market has lately been doing around each pool, for the risk score: the realized
 * volatility of its price (the square root of the squared log returns of its changes, each fading
 * with an hour's time constant, so roughly the last hour's) and how busy it is (its changes, each
 * fading with a block's time constant of 12 s: the others trading it now). Both cost O(1) a change
 * and allocate only once per pool.
 *
 * <p>Owned by the thread that applies pool changes.
 */
public final class MarketActivity {
    private static final double VOLATILITY_TAU_MS = 3_600_000;
    private static final double BUSY_TAU_MS = 12_000;

    private static final class Seen {
        double price = Double.NaN;
        double variance;
        double busy;
        long atMs;
    }

    private final Map<Address, Seen> pools = new HashMap<>();

    /** Takes a pool's new state, seen at {@code at}. */
    public void observe(PoolState p, Instant at) {
        double r0 = Hop.toDouble(p.reserve0());
        double price = r0 == 0 ? Double.NaN : Hop.toDouble(p.reserve1()) / r0; // in doubles: a ratio of returns needs no more
        Seen s = pools.computeIfAbsent(p.address(), a -> new Seen());
        long now = at.toEpochMilli();
        double dt = Math.max(0, now - s.atMs);
        if (!Double.isNaN(s.price) && price > 0 && s.price > 0) {
            double r = Math.log(price / s.price);
            s.variance = s.variance * Math.exp(-dt / VOLATILITY_TAU_MS) + r * r;
            s.busy = s.busy * Math.exp(-dt / BUSY_TAU_MS) + 1;
        }
        s.price = price;
        s.atMs = now;
    }

    /** The most volatile of the route's pools: realized volatility over about the last hour (0.02 is 2 %). */
    public double volatility(Route route) {
        double worst = 0;
        for (Hop h : route.hops()) {
            Seen s = pools.get(h.pool().address());
            if (s != null) {
                worst = Math.max(worst, Math.sqrt(s.variance));
            }
        }
        return worst;
    }

    /**
     * Others trading the route's pools now: their changes within about a block, beside the one being
     * looked at, at {@code now}.
     */
    public int competitors(Route route, Instant now) {
        double busy = 0;
        for (Hop h : route.hops()) {
            Seen s = pools.get(h.pool().address());
            if (s != null) {
                busy += s.busy * Math.exp(-Math.max(0, now.toEpochMilli() - s.atMs) / BUSY_TAU_MS);
            }
        }
        return (int) Math.max(0, Math.round(busy) - 1);
    }
}
