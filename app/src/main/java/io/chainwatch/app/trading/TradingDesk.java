package io.chainwatch.app.trading;

import io.chainwatch.api.TradingView;
import io.chainwatch.core.Listeners;
import io.chainwatch.core.config.RiskConfig;
import io.chainwatch.core.config.TradingConfig;
import io.chainwatch.core.trace.TraceStage;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.evm.ingest.BlockBatch;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.evm.ingest.EvmChainIngestor;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.evm.trade.Broadcaster;
import io.chainwatch.evm.trade.GasPrices;
import io.chainwatch.evm.trade.LiveEvmExecutor;
import io.chainwatch.evm.trade.TradingKey;
import io.chainwatch.market.PoolState;
import io.chainwatch.risk.KellySizer;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.RiskProjector;
import io.chainwatch.risk.RiskSnapshot;
import io.chainwatch.store.RiskStateStore;
import io.chainwatch.strategy.arb.ArbitrageDetector;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.exec.Executor;
import io.chainwatch.strategy.exec.PaperExecutor;
import io.chainwatch.strategy.exec.TradeJournal;
import io.chainwatch.strategy.exec.TradingEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.chainwatch.monitor.StageTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Trading on one EVM chain, put together from the configuration: the detector fed with every pool
 * the chain's cursor committed, the risk manager restored from the store (its audit trail and state
 * written back on every change), and the executor, paper or live. Acts only on committed blocks,
 * and only while the chain is complete: caught up, no open gap, no refused reorg, an endpoint
 * usable, a fresh gas price (fail closed otherwise).
 *
 * <p>{@link #onCommit} runs on the chain's writer thread, the one thread that owns the detector and
 * engine; nothing it does may fail the commit that called it.
 */
public final class TradingDesk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TradingDesk.class);

    private final TradingConfig config;
    private final EvmChainIngestor chain;
    private final ArbitrageDetector detector;
    private final RiskManager risk;
    private final RiskAuditTrail trail;
    private final TradingEngine engine;
    private final TradeJournal journal = new TradeJournal(1_000, 1_000);
    private final GasPrices gas;
    private final LiveEvmExecutor live;
    private final RiskLimits configured;
    private final Optional<RiskProjector> projector;
    private final ScheduledExecutorService projections;
    private final InstantSource clock;
    private final long refusedReorgsAtStart;
    private final Counter failures;
    private final Counter skipped;
    /** Told of every risk event after the audit trail has it (alerts); added at start, read on the risk manager's callers' threads. */
    private final Listeners<RiskManager.RiskEvent> riskListeners;
    /** Told of every opportunity found on a committed block, on the commit thread (alerts). */
    private final Listeners<io.chainwatch.strategy.arb.Opportunity> opportunityListeners = new Listeners<>(log, "an opportunity");
    private final Timer decisionTime;
    /** The detector must take the chain's whole pool book again: at start, and after a rollback. */
    private volatile boolean reseed = true;

    private TradingDesk(TradingConfig config, RiskConfig riskConfig, EvmChainIngestor chain, ArbitrageDetector detector, RiskManager risk,
                        RiskAuditTrail trail, Listeners<RiskManager.RiskEvent> riskListeners, Executor executor,
                        LiveEvmExecutor live, GasPrices gas, InstantSource clock, MeterRegistry metrics) {
        this.config = config;
        this.riskListeners = riskListeners;
        this.chain = chain;
        this.detector = detector;
        this.risk = risk;
        this.trail = trail;
        this.gas = gas;
        this.live = live;
        this.clock = clock;
        this.refusedReorgsAtStart = chain.status().refusedReorgs();
        this.configured = RiskLimits.of(riskConfig);
        this.projector = riskConfig.projection().map(p -> new RiskProjector(risk, configured, RiskProjector.Settings.of(p),
                new SplittableRandom(), clock));
        this.projections = projector.isEmpty() ? null
                : Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("risk-projection").factory());
        projector.ifPresent(pr -> {
            long every = riskConfig.projection().get().intervalMs();
            projections.scheduleWithFixedDelay(() -> {
                try {
                    pr.runOnce();
                } catch (RuntimeException e) {
                    log.error("the risk projection failed: {}", e.toString(), e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        });
        this.engine = new TradingEngine(new TradingEngine.Settings(config.strategy(), config.slippage(), config.usdDecimals(),
                new KellySizer(config.sizing().kellyFraction(), config.sizing().minTrades(), config.sizing().floorShare())), detector, risk,
                executor, journal, this::complete, clock);
        this.failures = Counter.builder("chainwatch_trading_errors_total").tag("chain", config.chain())
                .description("Pool changes the trading engine failed on (logged; the commit stands)").register(metrics);
        this.skipped = Counter.builder("chainwatch_trading_skipped_total").tag("chain", config.chain())
                .description("Pool changes not evaluated: the market state was incomplete or there was no gas price").register(metrics);
        TradingMetrics.register(config.chain(), risk, journal, metrics);
        this.decisionTime = StageTimers.timer(metrics, config.chain(), StageTimers.DECISION);
    }

    /**
     * Puts the desk together for {@code trading} on its chain. A live desk reads its key now: a missing
     * or unreadable key refuses to start.
     */
    public static TradingDesk open(TradingConfig trading, RiskConfig riskConfig, long chainId, EvmChainIngestor chain, EvmRpc rpc,
                                   RiskStateStore store, Map<String, String> env, InstantSource clock, MeterRegistry metrics) {
        ArbitrageDetector detector = new ArbitrageDetector(new ArbitrageDetector.Settings(trading.startTokens(), trading.nativeToken(),
                trading.usdToken(), trading.gasBase(), trading.gasPerSwap(), trading.maxRoutes()), clock);
        RiskAuditTrail trail = new RiskAuditTrail(trading.account(), store, clock);
        Optional<RiskSnapshot> restored = store.load(trading.account());
        Listeners<RiskManager.RiskEvent> riskListeners = new Listeners<>(log, "a risk event");
        RiskManager risk = new RiskManager(RiskLimits.of(riskConfig), trading.startEquity(), restored.orElse(null), clock, e -> {
            trail.accept(e); // first: the trail is the record, a listener's failure must not cost it
            riskListeners.tell(e);
        });
        trail.attach(risk);
        restored.ifPresent(r -> log.info("risk state of {} restored: {} (day {}, lost today {}, equity {}, {} open)", trading.account(),
                r.state(), r.day(), r.lossToday().toPlainString(), r.equity().toPlainString(), r.open().size()));
        LiveEvmExecutor live = null;
        Executor executor;
        if (trading.mode() == TradingConfig.Mode.LIVE) {
            TradingConfig.Live l = trading.live().orElseThrow();
            TradingKey key = l.keystore().isPresent() ? TradingKey.fromKeystore(l.keystore().get(), env, l.passwordEnv())
                    : TradingKey.fromEnvironment(env, l.keyEnv().orElseThrow());
            List<Endpoint> relays = new ArrayList<>();
            for (int i = 0; i < l.relays().size(); i++) {
                relays.add(new Endpoint(trading.chain() + "-relay-" + i, l.relays().get(i), ScoringPolicy.DEFAULT));
            }
            live = new LiveEvmExecutor(new LiveEvmExecutor.Settings(chainId, l.routers(),
                    Duration.ofMillis(l.deadlineMs()), Duration.ofMillis(l.receiptTimeoutMs()), Duration.ofMillis(250), 1.25), key,
                    chain.endpoints(), rpc, new Broadcaster(chain.endpoints(), relays, rpc), clock);
            executor = live;
            log.info("live trading on {} as {}", trading.chain(), key);
            restored.filter(r -> !r.open().isEmpty()).ifPresent(r -> log.warn("{} live trades were in flight when chainwatch stopped ({}): "
                    + "their reservations stay until a person checks them on chain", r.open().size(), r.open().keySet()));
        } else {
            executor = new PaperExecutor(detector::pool);
            // Paper trades in flight when the process stopped never happened: release what they reserved.
            risk.snapshot().open().keySet().forEach(risk::cancel);
        }
        GasPrices gas = new GasPrices(chain.endpoints(), rpc, trading.priorityFeeWei(), Duration.ofSeconds(2), Duration.ofSeconds(30), clock);
        TradingDesk desk = new TradingDesk(trading, riskConfig, chain, detector, risk, trail, riskListeners, executor, live, gas, clock, metrics);
        if (live != null) {
            live.approveRouters(trading.startTokens()).whenComplete((paid, err) -> {
                if (err != null) {
                    log.error("approving the routers for {} failed: {}; trades will approve as they go", trading.startTokens(), err.toString());
                }
            });
        }
        return desk;
    }

    public String chainName() {
        return config.chain();
    }

    /** Decimals of the dollar token profits are valued in. */
    public int usdDecimals() {
        return config.usdDecimals();
    }

    /** The account the desk trades for. */
    public String account() {
        return config.account();
    }

    /** Tells {@code listener} of every risk event (decisions, settlements, state and limit changes); it must not block. */
    public void onRiskEvent(java.util.function.Consumer<RiskManager.RiskEvent> listener) {
        riskListeners.add(listener);
    }

    /** Tells {@code listener} of every opportunity found on a committed block, traded or not; it must not block. */
    public void onOpportunity(java.util.function.Consumer<io.chainwatch.strategy.arb.Opportunity> listener) {
        opportunityListeners.add(listener);
    }

    public RiskManager risk() {
        return risk;
    }

    /** The newest opportunities and trades, for the API. */
    public TradeJournal journal() {
        return journal;
    }

    /** What the API shows of trading and acts on. */
    public TradingView view() {
        return new TradingView(risk, journal, configured, projector);
    }

    /** What the chain's cursor just committed: every changed pool goes to the engine, in order. */
    public void onCommit(List<BlockBatch> batches) {
        long start = System.nanoTime();
        try {
            if (reseed) {
                reseed = false;
                detector.replaceAll(chain.book().snapshot());
            }
            Optional<GasPrice> price = gas.current();
            Instant seen = clock.instant();
            for (BlockBatch b : batches) {
                if (!b.chain().equals(config.chain())) {
                    continue;
                }
                TraceStage deciding = b.trace().stage("decision");
                try {
                    decide(b, price, seen);
                } finally {
                    deciding.close();
                }
            }
        } catch (RuntimeException e) {
            failures.increment();
            log.error("trading on {} failed on a commit (the commit stands): {}", config.chain(), e.toString(), e);
        } finally {
            decisionTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void decide(BlockBatch b, Optional<GasPrice> price, Instant seen) {
        for (PoolState p : b.changedPools()) {
            if (price.isEmpty()) {
                detector.put(p);
                skipped.increment();
                continue;
            }
            engine.onPoolChange(p, price.get(), seen).ifPresent(o -> {
                if (o.skipped() != null && o.opportunity() == null) {
                    skipped.increment();
                }
                if (o.opportunity() != null) {
                    opportunityListeners.tell(o.opportunity());
                }
            });
        }
    }

    /**
     * The chain rolled back (a reorg): the pools the detector holds may be orphaned states, or pools
     * whose creation was undone. It takes the rolled-back book whole before the next commit is acted on.
     */
    public void onRollback(String chainName) {
        if (chainName.equals(config.chain())) {
            reseed = true;
        }
    }

    /** The chain's state is whole: trading may act on it. */
    private boolean complete() {
        ChainStatus s = chain.status();
        return s.caughtUp() && s.openGapBlocks() == 0 && s.refusedReorgs() == refusedReorgsAtStart && !chain.endpoints().ranked().isEmpty();
    }

    @Override
    public void close() {
        if (projections != null) {
            projections.shutdownNow();
        }
        gas.close();
        if (live != null) {
            live.close();
        }
        trail.close();
    }
}
