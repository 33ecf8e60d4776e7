package io.chainwatch.strategy.exec;

import io.chainwatch.core.Address;
import io.chainwatch.market.PoolState;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.arb.Hop;
import io.chainwatch.strategy.arb.Opportunity;
import io.chainwatch.strategy.arb.Route;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Fills on paper, the way the chain would: the route's swaps are run with the pools' exact V2 math
 * against their state when the fill happens (so another trade that moved them in between costs
 * what it would cost for real: price impact and slippage), a fill below the minimum output fails
 * as a revert does, and gas is paid either way.
 */
public final class PaperExecutor implements Executor {
    private final Function<Address, Optional<PoolState>> pools;

    /** @param pools each pool's state now */
    public PaperExecutor(Function<Address, Optional<PoolState>> pools) {
        this.pools = pools;
    }

    @Override
    public CompletableFuture<Execution> execute(String requestId, Opportunity o, BigInteger amountOutMin, GasPrice gas) {
        BigInteger gasWei = gas.perGasWei().multiply(BigInteger.valueOf(o.gasUnits()));
        BigInteger gasCost = o.gasInRouteToken(gasWei).orElseThrow(() -> new IllegalArgumentException(
                "opportunity without a gas price in " + o.route().token() + ": it cannot be valued"));
        List<Hop> now = new ArrayList<>();
        for (Hop h : o.route().hops()) {
            Optional<PoolState> state = pools.apply(h.pool().address());
            if (state.isEmpty()) {
                return CompletableFuture.completedFuture(new Execution(requestId, false, o.amountIn(), BigInteger.ZERO, gasWei, gasCost,
                        gasCost.negate(), "pool " + h.pool().address() + " is gone"));
            }
            now.add(new Hop(state.get(), h.tokenIn()));
        }
        BigInteger out = new Route(now).amountOut(o.amountIn());
        if (out.compareTo(amountOutMin) < 0) {
            return CompletableFuture.completedFuture(new Execution(requestId, false, o.amountIn(), BigInteger.ZERO, gasWei, gasCost,
                    gasCost.negate(), "output " + out + " below the minimum " + amountOutMin + " (the pools moved)"));
        }
        return CompletableFuture.completedFuture(new Execution(requestId, true, o.amountIn(), out, gasWei, gasCost,
                out.subtract(o.amountIn()).subtract(gasCost), null));
    }
}
