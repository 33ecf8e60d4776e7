package io.chainwatch.strategy.exec;

import io.chainwatch.core.Address;
import io.chainwatch.strategy.arb.Hop;
import io.chainwatch.strategy.arb.Opportunity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What the journal keeps of an opportunity: the route's pools and tokens and its amounts, exact, without
 * the pool states it was found on (those go on changing; the journal keeps what was seen). Immutable.
 *
 * @param pools      the pools' addresses, in the order the route swaps through them
 * @param tokens     the tokens along the route, first and last the same
 * @param amountIn   the size, in the route's token (its smallest units)
 * @param amountOut  what the route pays back for it
 * @param profit     amountOut - amountIn, before gas
 * @param gasCostWei the gas cost in wei
 * @param gasCost    the gas cost in the route's token; null when no pool prices the native token in it
 * @param netProfit  profit - gasCost; null when gasCost is
 * @param netUsd     the net profit in dollars; null when no price to the dollar token is known
 */
public record RouteSummary(List<Address> pools, List<Address> tokens, BigInteger amountIn, BigInteger amountOut, BigInteger profit,
                           BigInteger gasCostWei, BigInteger gasCost, BigInteger netProfit, BigDecimal netUsd, long blockNumber) {
    public RouteSummary {
        pools = List.copyOf(pools);
        tokens = List.copyOf(tokens);
    }

    /** The summary of {@code o}, its dollar net profit given in a token of {@code usdDecimals} decimals. */
    public static RouteSummary of(Opportunity o, int usdDecimals) {
        List<Address> tokens = new ArrayList<>(o.route().hops().size() + 1);
        for (Hop h : o.route().hops()) {
            tokens.add(h.tokenIn());
        }
        tokens.add(o.route().hops().getLast().tokenOut());
        BigDecimal netUsd = o.netUsd() == null ? null : new BigDecimal(o.netUsd()).movePointLeft(usdDecimals);
        return new RouteSummary(o.route().pools(), tokens, o.amountIn(), o.amountOut(), o.profit(), o.gasCostWei(), o.gasCost(),
                o.netProfit(), netUsd, o.blockNumber());
    }
}
