package io.chainwatch.app;

import io.chainwatch.api.ApiServer;
import io.chainwatch.app.alerting.Alerting;
import io.chainwatch.app.trading.TradingDesk;
import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.core.config.EvmChainConfig;
import io.chainwatch.core.trace.PipelineTracer;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.JsonRpcConnections;
import io.chainwatch.endpoints.JsonRpcHttp;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.evm.ingest.EvmChainIngestor;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.monitor.PerformanceMonitor;
import io.chainwatch.solana.feed.SolanaFeed;
import io.chainwatch.store.Database;
import io.chainwatch.tracing.OtlpPipelineTracer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/** Wires one running chainwatch from a checked configuration. Only wiring lives here. */
public final class Chainwatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Chainwatch.class);

    private final PrometheusMeterRegistry metrics;
    private final Database database;
    private final List<AutoCloseable> transports;
    private final List<EvmChainIngestor> chains;
    private final SolanaFeed solana;
    private final TradingDesk trading;
    private final PerformanceMonitor performance;
    private final ApiServer api;
    private final Alerting alerting;
    private final PipelineTracer tracer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean closed;

    private Chainwatch(PrometheusMeterRegistry metrics, Database database, List<AutoCloseable> transports, List<EvmChainIngestor> chains,
                       SolanaFeed solana, TradingDesk trading, PerformanceMonitor performance, ApiServer api, Alerting alerting,
                       PipelineTracer tracer) {
        this.metrics = metrics;
        this.database = database;
        this.transports = transports;
        this.chains = chains;
        this.solana = solana;
        this.trading = trading;
        this.performance = performance;
        this.api = api;
        this.alerting = alerting;
        this.tracer = tracer;
        this.hook = new Thread(this::close, "chainwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static Chainwatch start(ChainwatchConfig config) {
        return start(config, InstantSource.system());
    }

    public static Chainwatch start(ChainwatchConfig config, InstantSource clock) {
        return start(config, clock, System.getenv());
    }

    /** @param env where secrets named by the configuration are read from (the process environment, or a test's) */
    public static Chainwatch start(ChainwatchConfig config, InstantSource clock, java.util.Map<String, String> env) {
        PrometheusMeterRegistry metrics = PrometheusRegistry.create();
        PipelineTracer tracer = OtlpPipelineTracer.open(config.tracing());
        Database database = Database.open(config.storage());
        // One client per chain: each chain has its own answer size limit.
        List<AutoCloseable> transports = new ArrayList<>();
        List<EvmChainIngestor> chains = new ArrayList<>();
        SolanaFeed solana = null;
        TradingDesk trading = null;
        PerformanceMonitor performance = null;
        ApiServer api = null;
        Alerting alerting = null;
        try {
            StoreSink sink = new StoreSink(database.evmStore(clock), metrics);
            SplittableRandom random = new SplittableRandom();
            alerting = Alerting.start(config.alerts(), database, metrics, clock, random.split());
            Alerting alerts = alerting;
            sink.onRolledBack(r -> alerts.rolledBack(r.chain(), r.ancestor()));
            for (EvmChainConfig chain : config.evm().chains()) {
                List<Endpoint> endpoints = new ArrayList<>();
                for (int i = 0; i < chain.endpoints().size(); i++) {
                    EndpointConfig ec = chain.endpoints().get(i);
                    endpoints.add(new Endpoint(chain.name() + "-" + i + "-" + ec.region(), ec, ScoringPolicy.DEFAULT));
                }
                EndpointPool pool = new EndpointPool(chain.name(), endpoints, ScoringPolicy.DEFAULT, random.split(), metrics);
                JsonRpcHttp http = new JsonRpcHttp(chain.maxResponseBytes());
                JsonRpcConnections connections = new JsonRpcConnections(http, chain.maxResponseBytes());
                transports.add(connections);
                transports.add(http);
                EvmChainIngestor ingestor = new EvmChainIngestor(chain, pool, new EvmRpc(connections), new EvmRpc(http), sink, clock, metrics,
                        tracer);
                chains.add(ingestor);
                alerting.watch(pool);
                if (config.trading().isPresent() && config.trading().get().chain().equals(chain.name())) {
                    trading = TradingDesk.open(config.trading().get(), config.risk().orElseThrow(), chain.chainId(), ingestor, new EvmRpc(http),
                            database.riskStore(), env, clock, metrics);
                    sink.onCommitted(trading::onCommit);
                    TradingDesk desk = trading;
                    sink.onRolledBack(r -> desk.onRollback(r.chain()));
                    alerting.watch(desk);
                }
            }
            if (config.solana().enabled()) {
                solana = SolanaFeed.open(config.solana(), database.solanaStore(clock), random.split(), clock, metrics, tracer);
                alerting.watch(solana);
            }
            performance = new PerformanceMonitor(config.performance(), metrics, clock,
                    database.performanceHistory(config.performance().retention(), clock));
            alerting.watch(performance);
            api = new ApiServer(config.api(), new ApiServer.Services(chains, solana,
                    trading == null ? null : trading.view(), alerting.manager(), performance), metrics, clock);
            for (EvmChainIngestor c : chains) {
                c.start();
            }
            if (solana != null) {
                solana.start();
            }
            performance.start();
            log.info("chainwatch started: {} EVM chain(s){}{}, API on {}:{}, storage {}{}", chains.size(), solana != null ? " and Solana" : "",
                    trading == null ? "" : ", " + config.trading().get().mode().name().toLowerCase(java.util.Locale.ROOT) + " trading on "
                            + trading.chainName(),
                    config.api().host(), api.port(), database.redactedUrl(),
                    config.tracing().enabled() ? ", traces to " + config.tracing().redactedEndpoint() : "");
            return new Chainwatch(metrics, database, transports, chains, solana, trading, performance, api, alerting, tracer);
        } catch (RuntimeException e) {
            chains.forEach(EvmChainIngestor::close);
            if (trading != null) {
                trading.close();
            }
            if (solana != null) {
                solana.close();
            }
            if (api != null) {
                api.close();
            }
            if (performance != null) {
                performance.close();
            }
            if (alerting != null) {
                alerting.close();
            }
            transports.forEach(Chainwatch::closeQuietly);
            database.close();
            OtlpPipelineTracer.closeIfOpen(tracer);
            throw e;
        }
    }

    public int apiPort() {
        return api.port();
    }

    public List<EvmChainIngestor> chains() {
        return chains;
    }

    /** The Solana feed, when the configuration has a solana section. */
    public java.util.Optional<SolanaFeed> solana() {
        return java.util.Optional.ofNullable(solana);
    }

    /** The alert manager and what feeds it. */
    public Alerting alerting() {
        return alerting;
    }

    /** The trading desk, when the configuration has a trading section. */
    public java.util.Optional<TradingDesk> trading() {
        return java.util.Optional.ofNullable(trading);
    }

    /**
     * The performance monitor: its findings go to whoever {@link PerformanceMonitor#addListener listens}
     * (the alert engine).
     */
    public PerformanceMonitor performance() {
        return performance;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
        api.close();
        performance.close();
        chains.forEach(EvmChainIngestor::close);
        if (trading != null) {
            trading.close();
        }
        if (solana != null) {
            solana.close();
        }
        alerting.close(); // after the sources, before the store its history is written to
        transports.forEach(Chainwatch::closeQuietly);
        database.close();
        OtlpPipelineTracer.closeIfOpen(tracer);
        metrics.close();
        stopped.countDown();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
