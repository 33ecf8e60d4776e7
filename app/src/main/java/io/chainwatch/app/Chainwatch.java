package io.chainwatch.app;

import io.chainwatch.api.ApiServer;
import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.core.config.EvmChainConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.JsonRpcConnections;
import io.chainwatch.endpoints.JsonRpcHttp;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.evm.ingest.EvmChainIngestor;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.store.Database;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
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
    private final ApiServer api;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean closed;

    private Chainwatch(PrometheusMeterRegistry metrics, Database database, List<AutoCloseable> transports, List<EvmChainIngestor> chains,
                       ApiServer api) {
        this.metrics = metrics;
        this.database = database;
        this.transports = transports;
        this.chains = chains;
        this.api = api;
        this.hook = new Thread(this::close, "chainwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static Chainwatch start(ChainwatchConfig config) {
        return start(config, InstantSource.system());
    }

    public static Chainwatch start(ChainwatchConfig config, InstantSource clock) {
        if (config.solana().enabled()) {
            // Checked and read, but not followed yet: starting anyway would look like a quiet Solana feed.
            throw new io.chainwatch.core.config.ConfigException("solana.endpoints",
                    "Solana ingestion is not in this version yet; remove the solana section to follow the EVM chains");
        }
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        Database database = Database.open(config.storage());
        // One client per chain: each chain has its own answer size limit.
        List<AutoCloseable> transports = new ArrayList<>();
        List<EvmChainIngestor> chains = new ArrayList<>();
        ApiServer api = null;
        try {
            StoreSink sink = new StoreSink(database.evmStore(clock));
            SplittableRandom random = new SplittableRandom();
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
                EvmChainIngestor ingestor = new EvmChainIngestor(chain, pool, new EvmRpc(connections), new EvmRpc(http), sink, clock, metrics);
                chains.add(ingestor);
            }
            api = new ApiServer(config.api(), chains, metrics, clock);
            for (EvmChainIngestor c : chains) {
                c.start();
            }
            log.info("chainwatch started: {} chain(s), API on {}:{}, storage {}", chains.size(), config.api().host(), api.port(),
                    database.redactedUrl());
            return new Chainwatch(metrics, database, transports, chains, api);
        } catch (RuntimeException e) {
            chains.forEach(EvmChainIngestor::close);
            if (api != null) {
                api.close();
            }
            transports.forEach(Chainwatch::closeQuietly);
            database.close();
            throw e;
        }
    }

    public int apiPort() {
        return api.port();
    }

    public List<EvmChainIngestor> chains() {
        return chains;
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
        chains.forEach(EvmChainIngestor::close);
        transports.forEach(Chainwatch::closeQuietly);
        database.close();
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
