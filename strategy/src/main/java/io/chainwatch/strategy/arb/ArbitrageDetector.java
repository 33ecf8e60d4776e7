package io.chainwatch.strategy.arb;

import io.chainwatch.core.Address;
import io.chainwatch.core.U256;
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
    private final Best best = new Best();

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
     * Holds exactly {@code states} from now on (after a reorg rolled the market back): pools not among
     * them are dropped, the others take these states.
     */
    public void replaceAll(java.util.Collection<PoolState> states) {
        java.util.Set<Address> keep = new java.util.HashSet<>();
        for (PoolState s : states) {
            keep.add(s.address());
        }
        for (Address a : List.copyOf(pools.keySet())) {
            if (!keep.contains(a)) {
                remove(a);
            }
        }
        states.forEach(this::put);
    }

    /**
     * Takes {@code changed} and returns the routes through it that pay after gas at {@code gas},
     * most profitable first (by net profit in their own token; USD when both have it).
     */
    public List<Opportunity> onChange(PoolState changed, GasPrice gas) {
        put(changed);
        // Every route is ranked by its profit at the optimum in doubles (nanoseconds, and no object
        // made); only the best few become routes and are sized exactly: they share the changed pool, so
        // only one of them can be made anyway.
        best.clear();
        enumerate(changed, best);
        List<Route> ranked = best.routes();
        List<Opportunity> found = new ArrayList<>();
        Address gasToken = null; // the ranked routes nearly always share their token: its price is looked up once
        Optional<Rate> gasRate = Optional.empty();
        for (int i = 0; i < ranked.size(); i++) {
            Route route = ranked.get(i);
            if (!route.token().equals(gasToken)) {
                gasToken = route.token();
                gasRate = rate(settings.nativeToken(), gasToken);
            }
            Optional<BigInteger> gasCost = gasRate.map(r -> r.apply(gas.perGasWei().multiply(BigInteger.valueOf(gasUnits(route)))));
            // Sized exactly only when its estimate could pay the gas: the estimate is good to about one part in
            // a billion, so a route estimated below 99 % of its gas cannot pay it (most routes near a calm market).
            if (gasCost.isPresent() && best.profit(i) < 0.99 * gasCost.get().doubleValue()) {
                continue;
            }
            evaluate(route, gas, changed.blockNumber(), gasCost.orElse(null)).filter(Opportunity::pays).ifPresent(found::add);
        }
        found.sort((a, b) -> a.netUsd() != null && b.netUsd() != null ? b.netUsd().compareTo(a.netUsd())
                : b.netProfit().compareTo(a.netProfit()));
        return found;
    }

    /** Sizes {@code route} and prices its gas; empty when no size pays before gas. */
    public Optional<Opportunity> evaluate(Route route, GasPrice gas, long blockNumber) {
        BigInteger gasWei = gas.perGasWei().multiply(BigInteger.valueOf(gasUnits(route)));
        return evaluate(route, gas, blockNumber, convert(gasWei, settings.nativeToken(), route.token()).orElse(null));
    }

    /** As {@link #evaluate(Route, GasPrice, long)} with the gas already priced in the route's token (null when it cannot be). */
    private Optional<Opportunity> evaluate(Route route, GasPrice gas, long blockNumber, BigInteger gasCost) {
        Optional<RouteSizer.Sized> sized = RouteSizer.size(route, null);
        if (sized.isEmpty()) {
            return Optional.empty();
        }
        RouteSizer.Sized s = sized.get();
        long gasUnits = gasUnits(route);
        BigInteger gasWei = gas.perGasWei().multiply(BigInteger.valueOf(gasUnits));
        BigInteger net = gasCost == null ? null : s.profit().subtract(gasCost);
        BigInteger usd = net == null || settings.usdToken() == null ? null : convert(net, route.token(), settings.usdToken()).orElse(null);
        return Optional.of(new Opportunity(route, s.amountIn(), s.amountOut(), s.profit(), gasUnits, gasWei, gasCost, net, usd, blockNumber,
                clock.instant()));
    }

    private long gasUnits(Route route) {
        return settings.gasBase() + settings.gasPerSwap() * route.hops().size();
    }

    /** The two- and three-hop cycles through {@code pool} that start in a start token, up to the cap. */
    List<Route> routesThrough(PoolState pool) {
        List<Route> routes = new ArrayList<>();
        enumerate(pool, (a, ia, b, ib, c, ic) -> routes.add(c == null ? new Route(List.of(new Hop(a, ia), new Hop(b, ib)))
                : new Route(List.of(new Hop(a, ia), new Hop(b, ib), new Hop(c, ic)))));
        return routes;
    }

    /** Takes a route as its pools and the token each is paid in; {@code c} is null for two hops. */
    @FunctionalInterface
    interface RouteSink {
        void accept(PoolState a, Address inA, PoolState b, Address inB, PoolState c, Address inC);
    }

    /**
     * Hands {@code sink} each two- and three-hop cycle through {@code pool} that starts in a start token,
     * and stops at the cap: a hub pool (WETH/USDC) sits on thousands of cycles, and walking the rest
     * after the cap would cost as much as evaluating them.
     */
    private void enumerate(PoolState pool, RouteSink sink) {
        Cap cap = new Cap(sink, settings.maxRoutes());
        Address t0 = pool.token0();
        Address t1 = pool.token1();
        for (int side = 0; side < 2; side++) {
            Address start = side == 0 ? t0 : t1;
            if (settings.startTokens().contains(start) && !throughFirstOrLast(pool, start, side == 0 ? t1 : t0, cap)) {
                return;
            }
        }
        // Three hops with this pool in the middle: start -> t0 -> t1 -> start, and the other way.
        for (Address start : settings.startTokens()) {
            if (start.equals(t0) || start.equals(t1)) {
                continue;
            }
            for (Address qa : poolsByPair.getOrDefault(TokenPair.of(start, t0), List.of())) {
                for (Address ra : poolsByPair.getOrDefault(TokenPair.of(start, t1), List.of())) {
                    if (!ra.equals(qa)) {
                        PoolState q = pools.get(qa);
                        PoolState r = pools.get(ra);
                        if (!cap.accept(q, start, pool, t0, r, t1) || !cap.accept(r, start, pool, t1, q, t0)) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** The cycles with {@code pool} first or last that start in {@code start}; false once the cap is reached. */
    private boolean throughFirstOrLast(PoolState pool, Address start, Address other, Cap cap) {
        // Two hops: the same pair on another pool, either way round.
        for (Address qa : poolsByPair.getOrDefault(TokenPair.of(start, other), List.of())) {
            if (!qa.equals(pool.address())) {
                PoolState q = pools.get(qa);
                if (!cap.accept(pool, start, q, other, null, null) || !cap.accept(q, start, pool, other, null, null)) {
                    return false;
                }
            }
        }
        // Three hops: start -> other -> w -> start.
        for (Address qa : poolsByToken.getOrDefault(other, List.of())) {
            PoolState q = pools.get(qa);
            Address w = otherToken(q, other);
            if (qa.equals(pool.address()) || w.equals(start)) {
                continue;
            }
            for (Address ra : poolsByPair.getOrDefault(TokenPair.of(w, start), List.of())) {
                if (!ra.equals(qa) && !ra.equals(pool.address())) {
                    PoolState r = pools.get(ra);
                    if (!cap.accept(pool, start, q, other, r, w) || !cap.accept(r, start, q, w, pool, other)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Passes routes on until {@code left} have been passed; then says stop. */
    private static final class Cap {
        private final RouteSink sink;
        private int left;

        Cap(RouteSink sink, int left) {
            this.sink = sink;
            this.left = left;
        }

        /** Passes the route on; false when it was the last one the cap allows (or the cap was already reached). */
        boolean accept(PoolState a, Address ia, PoolState b, Address ib, PoolState c, Address ic) {
            if (left <= 0) {
                return false;
            }
            sink.accept(a, ia, b, ib, c, ic);
            return --left > 0;
        }
    }

    /**
     * The {@value #EXACT_ROUTES} routes of the highest estimated profit among those it is given, kept
     * as their pools and tokens (no object per route looked at); reused from one change to the next.
     */
    private static final class Best implements RouteSink {
        private final double[] abc = new double[3];
        private final double[] profit = new double[EXACT_ROUTES];
        private final PoolState[][] pools = new PoolState[EXACT_ROUTES][3];
        private final Address[][] tokens = new Address[EXACT_ROUTES][3];
        private int size;

        void clear() {
            size = 0;
        }

        @Override
        public void accept(PoolState a, Address ia, PoolState b, Address ib, PoolState c, Address ic) {
            if (!RouteSizer.fold(abc, a, ia, true) || !RouteSizer.fold(abc, b, ib, false) || c != null && !RouteSizer.fold(abc, c, ic, false)) {
                return;
            }
            double p = RouteSizer.profitOf(abc);
            if (p <= 0 || size == EXACT_ROUTES && p <= profit[size - 1]) {
                return;
            }
            int i = size < EXACT_ROUTES ? size++ : size - 1;
            while (i > 0 && profit[i - 1] < p) { // insertion, best first
                profit[i] = profit[i - 1];
                pools[i] = pools[i - 1];
                tokens[i] = tokens[i - 1];
                i--;
            }
            profit[i] = p;
            pools[i] = new PoolState[] {a, b, c};
            tokens[i] = new Address[] {ia, ib, ic};
        }

        /** The estimated profit of the {@code i}-th best route, in its start token's units. */
        double profit(int i) {
            return profit[i];
        }

        List<Route> routes() {
            List<Route> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                List<Hop> hops = pools[i][2] == null ? List.of(new Hop(pools[i][0], tokens[i][0]), new Hop(pools[i][1], tokens[i][1]))
                        : List.of(new Hop(pools[i][0], tokens[i][0]), new Hop(pools[i][1], tokens[i][1]), new Hop(pools[i][2], tokens[i][2]));
                out.add(new Route(hops));
            }
            return out;
        }
    }

    private static Address otherToken(PoolState p, Address token) {
        return p.token0().equals(token) ? p.token1() : p.token0();
    }

    /**
     * The spot price of {@code from} in {@code to}: {@code to}'s reserve over {@code from}'s in the deepest
     * pool of the pair (by its {@code to} reserve); empty when no pool holds both (or it holds none of
     * {@code from}).
     */
    public Optional<Rate> rate(Address from, Address to) {
        if (from.equals(to)) {
            return Optional.of(Rate.ONE);
        }
        PoolState deepest = null;
        U256 depth = U256.ZERO;
        for (Address a : poolsByPair.getOrDefault(TokenPair.of(from, to), List.of())) {
            PoolState p = pools.get(a);
            U256 d = p.token0().equals(to) ? p.reserve0() : p.reserve1();
            if (d.compareTo(depth) > 0) {
                deepest = p;
                depth = d;
            }
        }
        if (deepest == null) {
            return Optional.empty();
        }
        U256 fromReserve = deepest.token0().equals(from) ? deepest.reserve0() : deepest.reserve1();
        return fromReserve.equals(U256.ZERO) ? Optional.empty() : Optional.of(new Rate(depth.toBigInteger(), fromReserve.toBigInteger()));
    }

    /** A price as the ratio of two reserves: {@code amount × to / from}, rounded towards zero. */
    public record Rate(BigInteger to, BigInteger from) {
        static final Rate ONE = new Rate(BigInteger.ONE, BigInteger.ONE);

        public Rate {
            if (from.signum() <= 0 || to.signum() < 0) {
                throw new IllegalArgumentException("a rate needs a positive denominator and a non-negative numerator, got " + to + "/" + from);
            }
        }

        /** {@code amount} at this rate, rounded towards zero, so a loss converts to the same loss in the other token. */
        public BigInteger apply(BigInteger amount) {
            return this == ONE ? amount : amount.multiply(to).divide(from);
        }
    }

    /** {@code amount} of {@code from} in {@code to} at the spot price of the deepest pool of the pair; empty when none prices it. */
    private Optional<BigInteger> convert(BigInteger amount, Address from, Address to) {
        return rate(from, to).map(r -> r.apply(amount));
    }

    /** {@code amount} of {@code token} in the dollar token's smallest units at spot; empty without a dollar token or a pool to price it. */
    public Optional<BigInteger> toUsd(Address token, BigInteger amount) {
        return settings.usdToken() == null ? Optional.empty() : convert(amount, token, settings.usdToken());
    }

    /** The spot price of {@code token} in the dollar token's smallest units; empty without a dollar token or a pool to price it. */
    public Optional<Rate> usdRate(Address token) {
        return settings.usdToken() == null ? Optional.empty() : rate(token, settings.usdToken());
    }

    /** The pool's state as this detector holds it. */
    public Optional<PoolState> pool(Address address) {
        return Optional.ofNullable(pools.get(address));
    }
}
