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
 * pools and for longer cycles alike, for real numbers. The pools round down at every hop, so the
 * exact integer profit near {@code x*} is a ragged plateau; a pattern search on it (steps from
 * {@code x*}/256 halving to 1 wei, a bounded number of moves at each) settles on a size within a wei
 * or so per hop of the best, and what that size pays is computed exactly, hop by hop.
 */
public final class RouteSizer {
    private static final BigInteger D = BigInteger.valueOf(V2Math.BPS);
    private static final int MOVES_PER_STEP = 16;

    private RouteSizer() {
    }

    /** The best size and what it pays, or empty when no input of at least 1 pays back more than it cost. */
    public static Optional<Sized> size(Route route, BigInteger maxIn) {
        BigInteger estimate = estimate(route);
        if (estimate.signum() <= 0) {
            return Optional.empty();
        }
        BigInteger best = search(route, clamp(estimate, maxIn), maxIn);
        BigInteger out = route.amountOut(best);
        BigInteger profit = out.subtract(best);
        return profit.signum() > 0 ? Optional.of(new Sized(best, out, profit)) : Optional.empty();
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

    private static BigInteger profit(Route route, BigInteger in) {
        return route.amountOut(in).subtract(in);
    }

    private static BigInteger clamp(BigInteger x, BigInteger cap) {
        BigInteger atLeastOne = x.max(BigInteger.ONE);
        return cap == null ? atLeastOne : atLeastOne.min(cap);
    }

    /**
     * Moves from {@code start} to a neighbour with more exact profit, {@code step} away, while there
     * is one (at most {@link #MOVES_PER_STEP} moves), then halves the step, down to 1.
     */
    private static BigInteger search(Route route, BigInteger start, BigInteger cap) {
        BigInteger best = start;
        BigInteger bestProfit = profit(route, start);
        BigInteger step = start.shiftRight(8).max(BigInteger.ONE);
        while (true) {
            for (int moves = 0; moves < MOVES_PER_STEP; moves++) {
                BigInteger up = best.add(step);
                BigInteger down = best.subtract(step);
                BigInteger next = null;
                if (cap == null || up.compareTo(cap) <= 0) {
                    BigInteger p = profit(route, up);
                    if (p.compareTo(bestProfit) > 0) {
                        next = up;
                        bestProfit = p;
                    }
                }
                if (next == null && down.signum() > 0) {
                    BigInteger p = profit(route, down);
                    if (p.compareTo(bestProfit) > 0) {
                        next = down;
                        bestProfit = p;
                    }
                }
                if (next == null) {
                    break;
                }
                best = next;
            }
            if (step.equals(BigInteger.ONE)) {
                return best;
            }
            step = step.shiftRight(1);
        }
    }

    /** A size for a route: what goes in, what comes back, and the difference (before gas). */
    public record Sized(BigInteger amountIn, BigInteger amountOut, BigInteger profit) {
    }
}
