package io.chainwatch.strategy.exec;

import io.chainwatch.market.PoolState;
import io.chainwatch.risk.Decision;
import io.chainwatch.risk.KellySizer;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.TradeRequest;
import io.chainwatch.strategy.arb.ArbitrageDetector;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.arb.MarketActivity;
import io.chainwatch.strategy.arb.Opportunity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * From a pool change to a trade: the detector's best route through the changed pool, valued in the
 * dollar token, put to the risk manager, made by the executor (paper or live, the same path), and
 * its realized profit or loss settled back into the risk state. Nothing is evaluated while the
 * market state is incomplete (an open gap, an unresolved reorg, no endpoint): it fails closed.
 * Clock, executor and the completeness check are injected, so a backtest runs this same code. Every
 * outcome, and every trade's completion, goes to the {@link TradeJournal}.
 *
 * <p>Owned by the thread that applies pool changes; the risk manager is shared and thread-safe.
 */
public final class TradingEngine {
    private static final MathContext MC = MathContext.DECIMAL64;

    /**
     * @param strategy    the name the risk manager budgets this engine under
     * @param slippage    the share of the predicted output a fill may fall short by (amountOutMin)
     * @param usdDecimals decimals of the dollar token (6 for USDC)
     * @param sizer       sizes trades by the measured edge of the trade history (fractional Kelly) before
     *                    the limits cap them; null to size by the route's optimum and the limits alone
     */
    public record Settings(String strategy, double slippage, int usdDecimals, KellySizer sizer) {
        public Settings {
            if (!(slippage >= 0 && slippage < 1) || usdDecimals < 0) {
                throw new IllegalArgumentException("slippage in [0, 1) and usdDecimals >= 0, got " + slippage + ", " + usdDecimals);
            }
        }

        /** Sized by the route's optimum and the limits alone. */
        public Settings(String strategy, double slippage, int usdDecimals) {
            this(strategy, slippage, usdDecimals, null);
        }
    }

    /** What one pool change led to: nothing (with why), a rejection, or a trade on its way. */
    public record Outcome(Opportunity opportunity, Decision decision, CompletableFuture<Execution> execution, String skipped) {
    }

    private final Settings settings;
    private final ArbitrageDetector detector;
    private final RiskManager risk;
    private final Executor executor;
    private final TradeJournal journal;
    private final BooleanSupplier complete;
    private final InstantSource clock;
    private long nextId;
    /** Recent volatility and business of each pool, for the market and execution parts of the risk score. */
    private final MarketActivity activity = new MarketActivity();
    /** Pools of trades sent and not yet done, by pool: the trade's id. Written here and by the executor's completion. */
    private final java.util.Map<io.chainwatch.core.Address, String> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    /** Filled trades whose effect the detector is still to see; added by the executor's completion, taken here. */
    private final java.util.Queue<Fill> filledStates = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** @param journal where every outcome, and every trade's completion, is recorded for people to see */
    public TradingEngine(Settings settings, ArbitrageDetector detector, RiskManager risk, Executor executor, TradeJournal journal,
                         BooleanSupplier complete, InstantSource clock) {
        this.settings = settings;
        this.detector = detector;
        this.risk = risk;
        this.executor = executor;
        this.journal = journal;
        this.complete = complete;
        this.clock = clock;
    }

    /**
     * Takes a pool's new state, seen at {@code seenAt}, and acts on the best route through it; the
     * pool is taken even when nothing is evaluated.
     */
    public Optional<Outcome> onPoolChange(PoolState changed, GasPrice gas, Instant seenAt) {
        Optional<Outcome> out = evaluate(changed, gas, seenAt);
        out.ifPresent(o -> journal.opportunity(new TradeJournal.OpportunityRecord(clock.instant(),
                o.opportunity() == null ? null : RouteSummary.of(o.opportunity(), settings.usdDecimals()), o.decision(), o.skipped())));
        return out;
    }

    private Optional<Outcome> evaluate(PoolState changed, GasPrice gas, Instant seenAt) {
        applyFills();
        activity.observe(changed, seenAt);
        if (!complete.getAsBoolean()) {
            detector.put(changed);
            return Optional.of(new Outcome(null, null, null, "market state incomplete: not trading"));
        }
        List<Opportunity> found = detector.onChange(changed, gas);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Opportunity o = found.getFirst(); // the others share this pool: only one can be made
        for (var hop : o.route().hops()) {
            String trade = inFlight.get(hop.pool().address());
            if (trade != null) {
                // Its state is about to change under our own trade: deciding on it now would trade the same gap twice.
                return Optional.of(new Outcome(o, null, null, "pool " + hop.pool().address() + " is busy with trade " + trade));
            }
        }
        Optional<TradeRequest> request = request(o, seenAt);
        if (request.isEmpty()) {
            return Optional.of(new Outcome(o, null, null, "no dollar price for " + o.route().token()));
        }
        if (settings.sizer() != null) {
            // The edge measured so far says how much of the equity a trade should risk; the optimum may want more.
            BigDecimal byEdge = risk.sizeByEdge(settings.sizer());
            if (byEdge.compareTo(request.get().notional()) < 0) {
                Optional<Opportunity> smaller = resized(o, byEdge.divide(request.get().notional(), MC));
                Optional<TradeRequest> sized = smaller.flatMap(x -> request(x, seenAt));
                if (sized.isEmpty()) {
                    return Optional.of(new Outcome(o, null, null, "at the size the measured edge allows (" + byEdge.toPlainString()
                            + ") the route does not pay its gas"));
                }
                o = smaller.get();
                request = sized;
            }
        }
        Decision d = risk.decide(request.get());
        if (!d.approved() && d.maxSize().signum() > 0 && d.maxSize().compareTo(request.get().notional()) < 0) {
            // Too large for a limit, but a smaller trade may still pay: size it down to what the limits allow and ask again.
            Optional<Opportunity> smaller = resized(o, d.maxSize().divide(request.get().notional(), MC));
            Optional<TradeRequest> again = smaller.flatMap(s -> request(s, seenAt));
            if (again.isPresent()) {
                o = smaller.get();
                d = risk.decide(again.get());
            }
        }
        if (!d.approved()) {
            return Optional.of(new Outcome(o, d, null, null));
        }
        String id = d.requestId();
        Opportunity trade = o;
        BigInteger minOut = new BigDecimal(o.amountOut()).multiply(BigDecimal.valueOf(1 - settings.slippage()), MC).toBigInteger()
                .max(o.amountIn());
        // Recorded before it is sent: an executor that answers at once completes it inside execute().
        journal.tradeStarted(id, clock.instant(), RouteSummary.of(o, settings.usdDecimals()), d);
        o.route().hops().forEach(h -> inFlight.put(h.pool().address(), id));
        CompletableFuture<Execution> done = executor.execute(id, o, minOut, gas).whenComplete((x, err) -> {
            if (err == null && x.filled()) {
                filledStates.add(new Fill(trade, x.amountIn())); // before the pools are free again: never a moment with neither
            }
            trade.route().hops().forEach(h -> inFlight.remove(h.pool().address(), id));
            if (err != null) {
                journal.tradeNotSent(id, clock.instant(), describe(err));
                risk.cancel(id); // never sent: nothing was spent
                return;
            }
            Optional<BigDecimal> pnl = usd(trade.route().token(), x.realizedProfit());
            journal.tradeCompleted(id, clock.instant(), x, pnl.orElse(null));
            risk.settle(id, pnl.orElse(BigDecimal.ZERO));
        });
        return Optional.of(new Outcome(o, d, done, null));
    }

    /** A filled trade whose effect on its pools the detector has not seen yet. */
    private record Fill(Opportunity trade, BigInteger amountIn) {
    }

    /**
     * Shows the detector each filled trade's pools as the trade left them (the exact V2 amounts), so
     * that the gap it closed is not traded again before the chain reports those pools: another pool
     * of the route changing first would otherwise show the old gap. A pool the chain has reported
     * since the trade was decided keeps the chain's state; a paper fill, which the chain never sees,
     * lasts until the chain next changes the pool.
     */
    private void applyFills() {
        for (Fill f; (f = filledStates.poll()) != null; ) {
            BigInteger in = f.amountIn();
            for (var hop : f.trade().route().hops()) {
                BigInteger out = hop.amountOut(in);
                if (detector.pool(hop.pool().address()).filter(hop.pool()::equals).isPresent()) {
                    detector.put(after(hop, in, out));
                }
                in = out;
            }
        }
    }

    private static PoolState after(io.chainwatch.strategy.arb.Hop hop, BigInteger in, BigInteger out) {
        PoolState p = hop.pool();
        BigInteger r0 = p.reserve0().toBigInteger();
        BigInteger r1 = p.reserve1().toBigInteger();
        BigInteger n0 = hop.zeroForOne() ? r0.add(in) : r0.subtract(out);
        BigInteger n1 = hop.zeroForOne() ? r1.subtract(out) : r1.add(in);
        return new PoolState(p.chain(), p.dex(), p.address(), p.token0(), p.token1(), p.feeBps(), io.chainwatch.core.U256.of(n0),
                io.chainwatch.core.U256.of(n1), p.blockNumber(), p.blockHash());
    }

    /** What the risk manager weighs for {@code o}; empty when it cannot be valued in dollars. */
    private Optional<TradeRequest> request(Opportunity o, Instant seenAt) {
        Optional<ArbitrageDetector.Rate> rate = detector.usdRate(o.route().token()); // one price for all three amounts
        if (rate.isEmpty() || o.gasCost() == null || o.netProfit() == null) {
            return Optional.empty();
        }
        BigDecimal notional = dollars(rate.get(), o.amountIn());
        BigDecimal gasUsd = dollars(rate.get(), o.gasCost());
        BigDecimal net = dollars(rate.get(), o.netProfit());
        if (notional.signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal worstCase = gasUsd.add(notional.multiply(BigDecimal.valueOf(settings.slippage()), MC));
        String id = "arb-" + clock.millis() + "-" + (nextId++);
        Instant now = clock.instant();
        return Optional.of(new TradeRequest(id, settings.strategy(), notional, net, worstCase, false,
                activity.volatility(o.route()), impact(o), settings.slippage(), share(gasUsd, net.add(gasUsd)),
                Duration.between(seenAt, now), activity.competitors(o.route(), now)));
    }

    /** {@code o} at {@code share} of its size (rounded down), when it still pays after gas. */
    private Optional<Opportunity> resized(Opportunity o, BigDecimal share) {
        BigInteger in = new BigDecimal(o.amountIn()).multiply(share, MC).toBigInteger();
        if (in.signum() <= 0 || o.gasCost() == null) {
            return Optional.empty();
        }
        BigInteger out = o.route().amountOut(in);
        BigInteger profit = out.subtract(in);
        BigInteger net = profit.subtract(o.gasCost());
        if (net.signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Opportunity(o.route(), in, out, profit, o.gasUnits(), o.gasCostWei(), o.gasCost(), net,
                detector.toUsd(o.route().token(), net).orElse(null), o.blockNumber(), o.seenAt()));
    }

    private static String describe(Throwable err) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private BigDecimal dollars(ArbitrageDetector.Rate usdRate, BigInteger amount) {
        return new BigDecimal(usdRate.apply(amount)).movePointLeft(settings.usdDecimals());
    }

    private Optional<BigDecimal> usd(io.chainwatch.core.Address token, BigInteger amount) {
        return detector.toUsd(token, amount).map(units -> new BigDecimal(units).movePointLeft(settings.usdDecimals()));
    }

    /** The first hop's price impact at the size: its input as a share of the input reserve, roughly (doubles suffice for a score). */
    private static double impact(Opportunity o) {
        double in = o.amountIn().doubleValue();
        return in / (o.route().hops().getFirst().reserveInDouble() + in);
    }

    private static double share(BigDecimal part, BigDecimal whole) {
        return whole.signum() <= 0 ? 1 : part.doubleValue() / whole.doubleValue();
    }
}
