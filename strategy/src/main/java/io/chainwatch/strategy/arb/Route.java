package io.chainwatch.strategy.arb;

import io.chainwatch.core.Address;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A cycle of swaps that starts and ends in the same token, each hop paying what the one before
 * bought. Immutable.
 */
public record Route(List<Hop> hops) {
    public Route {
        hops = List.copyOf(hops);
        if (hops.size() < 2) {
            throw new IllegalArgumentException("a route has at least two hops, got " + hops.size());
        }
        for (int i = 1; i < hops.size(); i++) {
            if (!hops.get(i).tokenIn().equals(hops.get(i - 1).tokenOut())) {
                throw new IllegalArgumentException("hop " + i + " pays " + hops.get(i).tokenIn() + " but hop " + (i - 1) + " buys "
                        + hops.get(i - 1).tokenOut());
            }
        }
        if (!hops.getLast().tokenOut().equals(hops.getFirst().tokenIn())) {
            throw new IllegalArgumentException("the route ends in " + hops.getLast().tokenOut() + ", not in the "
                    + hops.getFirst().tokenIn() + " it starts with");
        }
    }

    /** The token the route is paid in and pays back. */
    public Address token() {
        return hops.getFirst().tokenIn();
    }

    /** What each hop buys for {@code amountIn}, hop by hop, exactly as the pools would pay it. */
    public List<BigInteger> amountsOut(BigInteger amountIn) {
        List<BigInteger> out = new ArrayList<>(hops.size());
        BigInteger amount = amountIn;
        for (Hop h : hops) {
            amount = h.amountOut(amount);
            out.add(amount);
        }
        return out;
    }

    /** What the last hop pays back for {@code amountIn}. */
    public BigInteger amountOut(BigInteger amountIn) {
        BigInteger amount = amountIn;
        for (Hop h : hops) {
            amount = h.amountOut(amount);
        }
        return amount;
    }

    /** The pools' addresses, in order. */
    public List<Address> pools() {
        return hops.stream().map(h -> h.pool().address()).toList();
    }
}
