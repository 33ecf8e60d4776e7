package io.chainwatch.strategy.arb;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The input that makes a route pay back the most over what it was paid.
 *
 * <p>A chain of V2 swaps is itself a V2-like curve: {@code out(x) = A x / (B + C x)}, folded hop by
 * hop ({@code A' = g rOut A}, {@code B' = D rIn B}, {@code C' = D rIn C + g A}, with {@code g} the
 * input share after the fee in basis points and {@code D} = 10,000). Profit {@code out(x) - x} is
 * highest where {@code (B + C x)^2 = A B}: {@code x* = (sqrt(A B) - B) / C}, and only when
 * {@code A > B} (the route pays more than one for one at the margin). That closed form holds for two
 * pools and for longer cycles alike, so cycles need no numeric search. The pools round down at
 * every hop, which makes the exact integer profit near {@code x*} a ragged plateau a unit or so per
 * hop deep; {@code x*} (floored) is on it, and what it pays is computed exactly, hop by hop (the
 * property tests compare with every input by brute force).
 */
public final class RouteSizer {
    private static final BigInteger D = BigInteger.valueOf(V2Math.BPS);

    private RouteSizer() {
    }

    /** The best size and what it pays, or empty when no input of at least 1 pays back more than it cost. */
    public static Optional<Sized> size(Route route, BigInteger maxIn) {
        if (marginalRate(route) < 1 - 1e-9) {
            return Optional.empty(); // pays less than one for one even at the first wei: nothing to size
        }
        BigInteger estimate = estimate(route);
        if (estimate.signum() <= 0) {
            return Optional.empty();
        }
        BigInteger best = clamp(estimate, maxIn);
        BigInteger out = route.amountOut(best);
        BigInteger profit = out.subtract(best);
        return profit.signum() > 0 ? Optional.of(new Sized(best, out, profit)) : Optional.empty();
    }

    /**
     * What the first wei through the route pays back per wei, in doubles: the product of each hop's
     * {@code g / D * rOut / rIn}. A prefilter only, with a margin far above a double's error (about
     * 1e-15 for three hops): the exact answer is {@link #estimate}'s.
     */
    static double marginalRate(Route route) {
        double rate = 1;
        for (Hop h : route.hops()) {
            double rIn = h.reserveInDouble();
            if (rIn == 0) {
                return 0;
            }
            rate *= (V2Math.BPS - h.pool().feeBps()) / (double) V2Math.BPS * h.reserveOutDouble() / rIn;
        }
        return rate;
    }

    /**
     * The profit at the optimum in doubles, {@code (sqrt(A) - sqrt(B))^2 / C} of the folded curve, for
     * ranking routes before they are sized exactly; 0 or less when the route does not pay.
     */
    static double estimatedProfit(Route route) {
        double[] abc = new double[3];
        boolean first = true;
        for (Hop h : route.hops()) {
            if (!fold(abc, h.pool(), h.tokenIn(), first)) {
                return 0;
            }
            first = false;
        }
        return profitOf(abc);
    }

    /**
     * Folds one hop, through {@code pool} paying {@code tokenIn}, into the curve {@code abc} (A, B, C)
     * in doubles, without making a {@link Hop}: the detector ranks every route through a changed pool
     * this way. False when the hop has an empty reserve (the route pays nothing).
     */
    static boolean fold(double[] abc, io.chainwatch.market.PoolState pool, io.chainwatch.core.Address tokenIn, boolean first) {
        boolean zeroForOne = tokenIn.equals(pool.token0());
        double g = (V2Math.BPS - pool.feeBps()) / (double) V2Math.BPS;
        double rIn = Hop.toDouble(zeroForOne ? pool.reserve0() : pool.reserve1());
        double rOut = Hop.toDouble(zeroForOne ? pool.reserve1() : pool.reserve0());
        if (rIn == 0 || rOut == 0) {
            return false;
        }
        double a;
        double b;
        double c;
        if (first) {
            a = g * rOut;
            b = rIn;
            c = g;
        } else {
            c = rIn * abc[2] + g * abc[0];
            a = g * rOut * abc[0];
            b = rIn * abc[1];
        }
        // Keep the numbers in range: only the ratios matter.
        double scale = Math.max(Math.abs(a), Math.abs(b));
        abc[0] = a / scale;
        abc[1] = b / scale;
        abc[2] = c / scale;
        return true;
    }

    /** The estimated profit of a folded curve; 0 when it does not pay. */
    static double profitOf(double[] abc) {
        if (abc[0] <= abc[1]) {
            return 0;
        }
        double d = Math.sqrt(abc[0]) - Math.sqrt(abc[1]);
        return d * d / abc[2];
    }

    /** The real-number optimum {@code x*}, floored; zero or less when the route does not pay at the margin. */
    static BigInteger estimate(Route route) {
        BigInteger a = null;
        BigInteger b = null;
        BigInteger c = null;
        for (Hop h : route.hops()) {
            BigInteger g = BigInteger.valueOf(V2Math.BPS - h.pool().feeBps());
            BigInteger rIn = h.reserveIn();
            BigInteger rOut = h.reserveOut();
            if (rIn.signum() == 0 || rOut.signum() == 0) {
                return BigInteger.ZERO;
            }
            if (a == null) {
                a = g.multiply(rOut);
                b = D.multiply(rIn);
                c = g;
            } else {
                BigInteger nextA = g.multiply(rOut).multiply(a);
                c = D.multiply(rIn).multiply(c).add(g.multiply(a));
                b = D.multiply(rIn).multiply(b);
                a = nextA;
            }
        }
        if (a.compareTo(b) <= 0) {
            return BigInteger.ZERO;
        }
        return a.multiply(b).sqrt().subtract(b).divide(c);
    }

    private static BigInteger clamp(BigInteger x, BigInteger cap) {
        BigInteger atLeastOne = x.max(BigInteger.ONE);
        return cap == null ? atLeastOne : atLeastOne.min(cap);
    }

    /** A size for a route: what goes in, what comes back, and the difference (before gas). */
    public record Sized(BigInteger amountIn, BigInteger amountOut, BigInteger profit) {
    }
}
