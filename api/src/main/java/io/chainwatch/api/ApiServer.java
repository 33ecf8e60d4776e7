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
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP API under /api/v1 and Prometheus text at /metrics. Read-only over state the chain threads
 * publish as immutable snapshots, so a request never blocks ingestion; the Solana curves, which
 * the feed thread owns, are asked of it with a bounded wait ({@link SolanaRoutes}).
 *
 * <p>{@code /api/v1/performance/health} has one entry per EVM chain and one for Solana when it is
 * configured ({@link SolanaHealth}); the overall status is the worst of them, DOWN (503) when there
 * are none. {@code /api/v1/performance/endpoints} lists every endpoint of every chain, Solana's RPC
 * pool as transport http and its stream pool as websocket. Trading (opportunities, trades, the risk
 * state, emergency stop and reset) is {@link TradingRoutes}; alerts and silences {@link AlertRoutes}; the
 * performance monitor's figures and history are {@link PerformanceRoutes}. Every answer is gzipped when the
 * client accepts gzip, small JSON too (the live stream excepted).
 *
 * <p>The operator's dashboard is served at {@code /} from the jar ({@code dashboard/} on the classpath,
 * uPlot from its WebJar at {@code /vendor/uplot}), fed by {@link LiveRoutes}: one snapshot of all the
 * above a second as server-sent events, or polled.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /** How long a Solana curve query may wait for the feed thread before the answer is 503. */
    static final long SOLANA_QUERY_TIMEOUT_MS = 2_000;
    /** How long the dashboard's snapshot waits for the feed thread's curves before it goes out without them. */
    static final long SNAPSHOT_CURVES_WAIT_MS = 500;
    /** Live dashboard streams open at once; more are refused with 503 and the page polls. */
    static final int MAX_STREAM_CLIENTS = 16;
    /** One live snapshot a second. */
    static final Duration LIVE_INTERVAL = Duration.ofSeconds(1);
    /** Rows of each list in the live snapshot (curves, opportunities, trades); pools are capped at {@link #SNAPSHOT_POOLS}. */
    static final int SNAPSHOT_ROWS = 10;
    static final int SNAPSHOT_POOLS = 50;
    /** The uPlot WebJar's files; its version is pinned in the root pom (org.webjars.npm:uplot). */
    static final String UPLOT_DIRECTORY = "/META-INF/resources/webjars/uplot/1.6.30";
    /**
     * The dashboard loads nothing from anywhere but this server, runs no inline script or style, and may
     * not be framed.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> STATIC_HEADERS = Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");

    private final Javalin app;
    private final List<EvmChainIngestor> chains;
    private final SolanaFeed solana;
    private final SolanaHealth solanaHealth;
    private final SolanaRoutes solanaRoutes;
    private final PrometheusMeterRegistry metrics;
    private final InstantSource clock;
    private final Duration staleAfter;
    private final LiveRoutes live;

    /**
     * What the API shows and acts on; a part that is not running is null and its routes answer 404.
     *
     * @param chains  the EVM chains followed
     * @param solana  the Solana feed, or null when Solana is not configured
     * @param trading the risk manager, trade journal and projector, or null when nothing trades; its
     *                emergency stop and reset ask for the API token
     * @param alerts  the alert manager, or null when none runs; setting and deleting silences asks for the API token
     * @param performance the performance monitor, or null when none runs
     */
    public record Services(List<EvmChainIngestor> chains, SolanaFeed solana, TradingView trading, io.chainwatch.alerts.AlertManager alerts,
                           PerformanceMonitor performance) {
        public Services {
            chains = List.copyOf(chains);
        }
    }

    public ApiServer(ApiConfig config, Services services, PrometheusMeterRegistry metrics, InstantSource clock) {
        List<EvmChainIngestor> chains = services.chains();
        SolanaFeed solana = services.solana();
        TradingView trading = services.trading();
        this.chains = chains;
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
            c.staticFiles.add(s -> staticFiles(s, "/", "/dashboard", "no-cache"));
            c.staticFiles.add(s -> staticFiles(s, "/vendor/uplot", UPLOT_DIRECTORY, "public, max-age=86400"));
            c.http.customCompression(gzipAnySize());
        });
        byte[] dashboard = resource("/dashboard/index.html");
        app.get("/", ctx -> {
            // The static handler would serve index.html for "/" too, but without its content type.
            STATIC_HEADERS.forEach(ctx::header);
            ctx.header("Cache-Control", "no-cache").contentType("text/html; charset=utf-8").result(dashboard);
        });
        app.get("/api/v1/evm/pools", this::pools);
        solanaRoutes.register(app);
        TradingRoutes tradingRoutes = new TradingRoutes(trading, config.token(), clock);
        tradingRoutes.register(app);
        AlertRoutes alertRoutes = new AlertRoutes(services.alerts(), config.token());
        alertRoutes.register(app);
        new PerformanceRoutes(services.performance(), json, clock).register(app);
        Map<String, Supplier<?>> parts = new LinkedHashMap<>();
        parts.put("health", () -> healthJson().body());
        parts.put("endpoints", this::endpointsJson);
        parts.put("pools", () -> {
            List<Map<String, Object>> all = poolsJson();
            return Map.of("total", all.size(), "pools", all.subList(0, Math.min(all.size(), SNAPSHOT_POOLS)));
        });
        parts.put("solana", () -> solanaRoutes.live(SNAPSHOT_ROWS, SNAPSHOT_CURVES_WAIT_MS));
        parts.put("trading", () -> tradingRoutes.live(SNAPSHOT_ROWS));
        parts.put("alerts", () -> alertRoutes.live(SNAPSHOT_ROWS));
        this.live = new LiveRoutes(new LiveSnapshots(parts, json, clock, LIVE_INTERVAL), MAX_STREAM_CLIENTS, LIVE_INTERVAL);
        live.register(app);
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
            live.close();
            solanaRoutes.close();
            throw e;
        }
    }

    /** The dashboard's files from the jar: compressed once when first asked for, never from elsewhere (CSP). */
    private static void staticFiles(StaticFileConfig s, String hostedPath, String directory, String cacheControl) {
        s.hostedPath = hostedPath;
        s.directory = directory;
        s.location = Location.CLASSPATH;
        s.precompress = true;
        Map<String, String> headers = new LinkedHashMap<>(STATIC_HEADERS);
        headers.put("Cache-Control", cacheControl);
        s.headers = headers;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath: the api jar is incomplete");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
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
        ctx.json(poolsJson());
    }

    private List<Map<String, Object>> poolsJson() {
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
        return out;
    }

    private void health(Context ctx) {
        HealthEntry overall = healthJson();
        ctx.status(overall.status() == Health.DOWN ? 503 : 200).json(overall.body());
    }

    /** The overall health and the body of /api/v1/performance/health. */
    private HealthEntry healthJson() {
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
        return new HealthEntry(overall, Map.of("status", overall, "chains", entries));
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
        ctx.json(endpointsJson());
    }

    private List<Map<String, Object>> endpointsJson() {
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
        return out;
    }

    private static void addAll(List<Map<String, Object>> out, EndpointPool solanaPool, String transport) {
        for (Endpoint e : solanaPool.all()) {
            out.add(EndpointJson.of("solana", transport, e));
        }
    }

    @Override
    public void close() {
        live.close();
        app.stop();
        solanaRoutes.close();
    }
}
