package io.chainwatch.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chainwatch.core.config.ApiConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.EndpointState;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.evm.ingest.EvmChainIngestor;
import io.chainwatch.market.PoolState;
import io.chainwatch.monitor.PerformanceMonitor;
import io.chainwatch.solana.feed.SolanaFeed;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API under /api/v1 and Prometheus text at /metrics. Read-only over state the chain threads
 * publish as immutable snapshots, so a request never blocks ingestion; the Solana curves, which
 * the feed thread owns, are asked of it with a bounded wait ({@link SolanaRoutes}).
 *
 * <p>{@code /api/v1/performance/health} has one entry per EVM chain and one for Solana when it is
 * configured ({@link SolanaHealth}); the overall status is the worst of them, DOWN (503) when there
 * are none. {@code /api/v1/performance/endpoints} lists every endpoint of every chain, Solana's RPC
 * pool as transport http and its stream pool as websocket. Trading (opportunities, trades, the risk
 * state, emergency stop and reset) is {@link TradingRoutes}; the performance monitor's figures and
 * history are {@link PerformanceRoutes}. Every answer is gzipped when the client accepts gzip, small
 * JSON too.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /** How long a Solana curve query may wait for the feed thread before the answer is 503. */
    static final long SOLANA_QUERY_TIMEOUT_MS = 2_000;

    private final Javalin app;
    private final List<EvmChainIngestor> chains;
    private final SolanaFeed solana;
    private final SolanaHealth solanaHealth;
    private final SolanaRoutes solanaRoutes;
    private final PrometheusMeterRegistry metrics;
    private final InstantSource clock;
    private final Duration staleAfter;

    /**
     * @param solana  the Solana feed, or null when Solana is not configured (its routes then answer 404)
     * @param trading the risk manager, trade journal and projector, or null when nothing trades (the
     *                trading routes then answer 404); its emergency stop and reset ask for {@code config.token()}
     * @param performance the performance monitor, or null when none runs (its routes then answer 404)
     */
    public ApiServer(ApiConfig config, List<EvmChainIngestor> chains, SolanaFeed solana, TradingView trading,
                     PerformanceMonitor performance, PrometheusMeterRegistry metrics, InstantSource clock) {
        this.chains = List.copyOf(chains);
        this.solana = solana;
        this.solanaHealth = solana == null ? null : new SolanaHealth(solana, clock);
        this.solanaRoutes = new SolanaRoutes(solana, SOLANA_QUERY_TIMEOUT_MS);
        this.metrics = metrics;
        this.clock = clock;
        this.staleAfter = Duration.ofSeconds(30);
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN) // amounts in full, never 1E+3
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(json, false));
            c.jetty.defaultHost = config.host();
            c.http.customCompression(gzipAnySize());
        });
        app.get("/api/v1/evm/pools", this::pools);
        solanaRoutes.register(app);
        new TradingRoutes(trading, config.token(), clock).register(app);
        new PerformanceRoutes(performance, json, clock).register(app);
        app.get("/api/v1/performance/health", this::health);
        app.get("/api/v1/performance/endpoints", this::endpoints);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        });
        try {
            app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            solanaRoutes.close();
            throw e;
        }
    }

    /** Gzip (no Brotli: it needs a native library) for every size: Javalin's default leaves answers under 1500 bytes plain. */
    private static CompressionStrategy gzipAnySize() {
        CompressionStrategy s = new CompressionStrategy(null, new Gzip(6));
        s.setDefaultMinSizeForCompression(0);
        return s;
    }

    public int port() {
        return app.port();
    }

    private void pools(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EvmChainIngestor c : chains) {
            for (PoolState p : c.book().snapshot()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("chain", p.chain());
                m.put("dex", p.dex());
                m.put("address", p.address().hex());
                m.put("token0", p.token0().hex());
                m.put("token1", p.token1().hex());
                m.put("feeBps", p.feeBps());
                m.put("reserve0", p.reserve0().toBigInteger());
                m.put("reserve1", p.reserve1().toBigInteger());
                m.put("price", Double.isNaN(p.price()) ? null : p.price());
                m.put("blockNumber", p.blockNumber());
                m.put("blockHash", p.blockHash().hex());
                out.add(m);
            }
        }
        ctx.json(out);
    }

    private void health(Context ctx) {
        List<Map<String, Object>> entries = new ArrayList<>();
        Health overall = chains.isEmpty() && solanaHealth == null ? Health.DOWN : Health.UP;
        for (EvmChainIngestor c : chains) {
            HealthEntry e = evmHealth(c);
            overall = overall.worse(e.status());
            entries.add(e.body());
        }
        if (solanaHealth != null) {
            HealthEntry e = solanaHealth.entry();
            overall = overall.worse(e.status());
            entries.add(e.body());
        }
        ctx.status(overall == Health.DOWN ? 503 : 200).json(Map.of("status", overall, "chains", entries));
    }

    private HealthEntry evmHealth(EvmChainIngestor c) {
        ChainStatus s = c.status();
        long usable = c.endpoints().all().stream().filter(Endpoint::usable).count();
        long benched = c.endpoints().all().stream().filter(e -> e.health().state() == EndpointState.BENCHED).count();
        boolean stale = Duration.between(s.updatedAt(), clock.instant()).compareTo(staleAfter) > 0;
        Health state = usable == 0 || stale ? Health.DOWN : !s.caughtUp() && s.lag() > 5 || benched > 0 ? Health.DEGRADED : Health.UP;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", s.chain());
        m.put("kind", "evm");
        m.put("status", state);
        m.put("head", s.head());
        m.put("processed", s.processed());
        m.put("lag", s.lag());
        m.put("openGaps", s.openGapBlocks() > 0 ? 1 : 0);
        m.put("openGapBlocks", s.openGapBlocks());
        m.put("reorgs", s.reorgs());
        m.put("refusedReorgs", s.refusedReorgs());
        m.put("lastReorg", s.lastReorg());
        m.put("headSource", s.headSource());
        m.put("endpointsUsable", usable);
        m.put("endpointsTotal", c.endpoints().all().size());
        m.put("updatedAt", s.updatedAt());
        return new HealthEntry(state, m);
    }

    private void endpoints(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EvmChainIngestor c : chains) {
            for (Endpoint e : c.endpoints().all()) {
                out.add(EndpointJson.of(c.chain(), e.config().isWebSocket() ? "websocket" : "http", e));
            }
        }
        if (solana != null) {
            addAll(out, solana.rpcEndpoints(), "http");
            addAll(out, solana.streamEndpoints(), "websocket");
            solana.grpcEndpoints().ifPresent(p -> addAll(out, p, "grpc"));
        }
        ctx.json(out);
    }

    private static void addAll(List<Map<String, Object>> out, EndpointPool solanaPool, String transport) {
        for (Endpoint e : solanaPool.all()) {
            out.add(EndpointJson.of("solana", transport, e));
        }
    }

    @Override
    public void close() {
        app.stop();
        solanaRoutes.close();
    }
}
