package io.chainwatch.strategy.arb;

import io.chainwatch.core.Address;
import io.chainwatch.market.PoolState;

import java.math.BigInteger;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds arbitrage between Uniswap V2 style pools: a pair held by pools of different factories (two
 * hops), and cycles through three pools, each starting and ending in one of the configured start
 * tokens. When a pool changes, only the routes through it are evaluated: sized exactly
 * ({@link RouteSizer}), gas priced at the current fees, and kept when they pay after gas.
 *
 * <p>Owned by one thread; not thread-safe.
 */
public final class ArbitrageDetector {
    /**
     * @param startTokens     tokens a route may start and end in (what we hold)
     * @param nativeToken     the wrapped native token (WETH): gas is paid in it
     * @param usdToken        a dollar token to value profits in, or null for none
     * @param gasBase         gas of a transaction doing a route, besides its swaps
     * @param gasPerSwap      gas of each swap of a route
     * @param maxRoutes       most routes evaluated for one pool change (the busiest tokens are capped)
     */
    public record Settings(Set<Address> startTokens, Address nativeToken, Address usdToken, long gasBase, long gasPerSwap, int maxRoutes) {
        public Settings {
            startTokens = Set.copyOf(startTokens);
            Objects.requireNonNull(nativeToken, "nativeToken");
            if (startTokens.isEmpty()) {
                throw new IllegalArgumentException("startTokens: need at least one");
            }
            if (gasBase < 0 || gasPerSwap < 0 || maxRoutes < 1) {
                throw new IllegalArgumentException("gasBase and gasPerSwap must be >= 0 and maxRoutes >= 1");
            }
        }
    }

    /** Routes through a changed pool sized exactly, the best by estimate. */
    private static final int EXACT_ROUTES = 3;

    private final Settings settings;
    private final InstantSource clock;
    private final Map<Address, PoolState> pools = new LinkedHashMap<>();
    private final Map<Address, List<Address>> poolsByToken = new HashMap<>();
    /** Pools by their pair, the two tokens in either order. */
    private final Map<TokenPair, List<Address>> poolsByPair = new HashMap<>();

    private record TokenPair(Address a, Address b) {
        /** The pair with its tokens in address order, so that either order finds it. */
        static TokenPair of(Address x, Address y) {
            return before(x, y) ? new TokenPair(x, y) : new TokenPair(y, x);
        }

        private static boolean before(Address x, Address y) {
            if (x.hi() != y.hi()) {
                return Integer.compareUnsigned(x.hi(), y.hi()) < 0;
            }
            if (x.mid() != y.mid()) {
                return Long.compareUnsigned(x.mid(), y.mid()) < 0;
            }
            return Long.compareUnsigned(x.lo(), y.lo()) <= 0;
        }
    }

    public ArbitrageDetector(Settings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Takes a pool's current state (a new pool, or new reserves). */
    public void put(PoolState state) {
        if (pools.put(state.address(), state) == null) {
            poolsByToken.computeIfAbsent(state.token0(), t -> new ArrayList<>()).add(state.address());
            poolsByToken.computeIfAbsent(state.token1(), t -> new ArrayList<>()).add(state.address());
            poolsByPair.computeIfAbsent(TokenPair.of(state.token0(), state.token1()), t -> new ArrayList<>()).add(state.address());
        }
    }

    /** Drops a pool (a reorg removed its creation). */
    public void remove(Address pool) {
        PoolState s = pools.remove(pool);
        if (s != null) {
            poolsByToken.getOrDefault(s.token0(), new ArrayList<>()).remove(pool);
            poolsByToken.getOrDefault(s.token1(), new ArrayList<>()).remove(pool);
            poolsByPair.getOrDefault(TokenPair.of(s.token0(), s.token1()), new ArrayList<>()).remove(pool);
        }
    }

    /**
     * Takes {@code changed} and returns the routes through it that pay after gas at {@code gas},
     * most profitable first (by net profit in their own token; USD when both have it).
     */
    public List<Opportunity> onChange(PoolState changed, GasPrice gas) {
        put(changed);
        // Every route is ranked by its profit at the optimum in doubles (nanoseconds); only the best
        // few are sized exactly: they share the changed pool, so only one of them can be made anyway.
        List<Route> routes = routesThrough(changed);
        List<Map.Entry<Double, Route>> ranked = new ArrayList<>();
        for (Route route : routes) {
            double p = RouteSizer.estimatedProfit(route);
            if (p > 0) {
                ranked.add(Map.entry(p, route));
            }
        }
        ranked.sort((x, y) -> Double.compare(y.getKey(), x.getKey()));
        List<Opportunity> found = new ArrayList<>();
        for (int i = 0; i < ranked.size() && i < EXACT_ROUTES; i++) {
            evaluate(ranked.get(i).getValue(), gas, changed.blockNumber()).filter(Opportunity::pays).ifPresent(found::add);
        }
        found.sort((a, b) -> a.netUsd() != null && b.netUsd() != null ? b.netUsd().compareTo(a.netUsd())
                : b.netProfit().compareTo(a.netProfit()));
        return found;
    }

    /** Sizes {@code route} and prices its gas; empty when no size pays before gas. */
    public Optional<Opportunity> evaluate(Route route, GasPrice gas, long blockNumber) {
        Optional<RouteSizer.Sized> sized = RouteSizer.size(route, null);
        if (sized.isEmpty()) {
            return Optional.empty();
        }
        RouteSizer.Sized s = sized.get();
        long gasUnits = settings.gasBase() + settings.gasPerSwap() * route.hops().size();
        BigInteger gasWei = gas.perGasWei().multiply(BigInteger.valueOf(gasUnits));
        BigInteger gasCost = convert(gasWei, settings.nativeToken(), route.token()).orElse(null);
        BigInteger net = gasCost == null ? null : s.profit().subtract(gasCost);
        BigInteger usd = net == null || settings.usdToken() == null ? null : convertSigned(net, route.token(), settings.usdToken()).orElse(null);
        return Optional.of(new Opportunity(route, s.amountIn(), s.amountOut(), s.profit(), gasUnits, gasWei, gasCost, net, usd, blockNumber,
                clock.instant()));
    }

    /** The two- and three-hop cycles through {@code pool} that start in a start token, up to the cap. */
    List<Route> routesThrough(PoolState pool) {
        List<Route> routes = new ArrayList<>();
        Address t0 = pool.token0();
        Address t1 = pool.token1();
        for (Address start : List.of(t0, t1)) {
            if (!settings.startTokens().contains(start)) {
                continue;
            }
            Address other = start.equals(t0) ? t1 : t0;
            // Two hops: the same pair on another pool, either way round.
            for (PoolState q : poolsOf(start, other)) {
                if (!q.address().equals(pool.address())) {
                    add(routes, List.of(new Hop(pool, start), new Hop(q, other)));
                    add(routes, List.of(new Hop(q, start), new Hop(pool, other)));
                }
            }
            // Three hops with this pool first or last: start -> other -> w -> start.
            for (PoolState q : poolsOf(other)) {
                Address w = otherToken(q, other);
                if (q.address().equals(pool.address()) || w.equals(start)) {
                    continue;
                }
                for (PoolState r : poolsOf(w, start)) {
                    if (!r.address().equals(q.address()) && !r.address().equals(pool.address())) {
                        add(routes, List.of(new Hop(pool, start), new Hop(q, other), new Hop(r, w)));
                        add(routes, List.of(new Hop(r, start), new Hop(q, w), new Hop(pool, other)));
                    }
                }
            }
        }
        // Three hops with this pool in the middle: start -> t0 -> t1 -> start, and the other way.
        for (Address start : settings.startTokens()) {
            if (start.equals(t0) || start.equals(t1)) {
                continue;
            }
            for (PoolState q : poolsOf(start, t0)) {
                for (PoolState r : poolsOf(start, t1)) {
                    if (!r.address().equals(q.address())) {
                        add(routes, List.of(new Hop(q, start), new Hop(pool, t0), new Hop(r, t1)));
                        add(routes, List.of(new Hop(r, start), new Hop(pool, t1), new Hop(q, t0)));
                    }
                }
            }
        }
        return routes.size() > settings.maxRoutes() ? routes.subList(0, settings.maxRoutes()) : routes;
    }

    private void add(List<Route> routes, List<Hop> hops) {
        if (routes.size() <= settings.maxRoutes()) {
            routes.add(new Route(hops));
        }
    }

    private List<PoolState> poolsOf(Address token) {
        List<Address> addresses = poolsByToken.getOrDefault(token, List.of());
        List<PoolState> out = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            out.add(pools.get(a));
        }
        return out;
    }

    private List<PoolState> poolsOf(Address a, Address b) {
        List<Address> addresses = poolsByPair.getOrDefault(TokenPair.of(a, b), List.of());
        List<PoolState> out = new ArrayList<>(addresses.size());
        for (Address x : addresses) {
            out.add(pools.get(x));
        }
        return out;
    }

    private static Address otherToken(PoolState p, Address token) {
        return p.token0().equals(token) ? p.token1() : p.token0();
    }

    /**
     * {@code amount} of {@code from} in {@code to} at the spot price of the deepest pool of the pair
     * (by its {@code to} reserve); empty when no pool holds both.
     */
    private Optional<BigInteger> convert(BigInteger amount, Address from, Address to) {
        if (from.equals(to)) {
            return Optional.of(amount);
        }
        PoolState deepest = null;
        BigInteger depth = BigInteger.ZERO;
        for (PoolState p : poolsOf(from, to)) {
            BigInteger d = (p.token0().equals(to) ? p.reserve0() : p.reserve1()).toBigInteger();
            if (d.compareTo(depth) > 0) {
                deepest = p;
                depth = d;
            }
        }
        if (deepest == null) {
            return Optional.empty();
        }
        BigInteger fromReserve = (deepest.token0().equals(from) ? deepest.reserve0() : deepest.reserve1()).toBigInteger();
        return fromReserve.signum() == 0 ? Optional.empty() : Optional.of(amount.multiply(depth).divide(fromReserve));
    }

    /** {@code amount} of {@code token} in the dollar token's smallest units at spot; empty without a dollar token or a pool to price it. */
    public Optional<BigInteger> toUsd(Address token, BigInteger amount) {
        return settings.usdToken() == null ? Optional.empty() : convertSigned(amount, token, settings.usdToken());
    }

    /** The pool's state as this detector holds it. */
    public Optional<PoolState> pool(Address address) {
        return Optional.ofNullable(pools.get(address));
    }

    private Optional<BigInteger> convertSigned(BigInteger amount, Address from, Address to) {
        return convert(amount.abs(), from, to).map(v -> amount.signum() < 0 ? v.negate() : v);
    }
}
