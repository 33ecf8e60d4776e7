package io.chainwatch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chainwatch.core.config.ApiConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointState;
import io.chainwatch.endpoints.HealthSnapshot;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.evm.ingest.EvmChainIngestor;
import io.chainwatch.market.PoolState;
import io.javalin.Javalin;
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
 * publish as immutable snapshots, so a request never blocks ingestion.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;
    private final List<EvmChainIngestor> chains;
    private final PrometheusMeterRegistry metrics;
    private final InstantSource clock;
    private final Duration staleAfter;

    public ApiServer(ApiConfig config, List<EvmChainIngestor> chains, PrometheusMeterRegistry metrics, InstantSource clock) {
        this.chains = List.copyOf(chains);
        this.metrics = metrics;
        this.clock = clock;
        this.staleAfter = Duration.ofSeconds(30);
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(json, false));
            c.jetty.defaultHost = config.host();
        });
        app.get("/api/v1/evm/pools", this::pools);
        app.get("/api/v1/performance/health", this::health);
        app.get("/api/v1/performance/endpoints", this::endpoints);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("GET {} failed", ctx.path(), e);
            ctx.status(500).json(Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        });
        app.start(config.host(), config.port());
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
        List<Map<String, Object>> perChain = new ArrayList<>();
        String overall = "UP";
        for (EvmChainIngestor c : chains) {
            ChainStatus s = c.status();
            long usable = c.endpoints().all().stream().filter(Endpoint::usable).count();
            long benched = c.endpoints().all().stream().filter(e -> e.health().state() == EndpointState.BENCHED).count();
            boolean stale = Duration.between(s.updatedAt(), clock.instant()).compareTo(staleAfter) > 0;
            String state = usable == 0 || stale ? "DOWN" : !s.caughtUp() && s.lag() > 5 || benched > 0 ? "DEGRADED" : "UP";
            overall = worse(overall, state);
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
            perChain.add(m);
        }
        if (chains.isEmpty()) {
            overall = "DOWN";
        }
        ctx.status("DOWN".equals(overall) ? 503 : 200).json(Map.of("status", overall, "chains", perChain));
    }

    private static String worse(String a, String b) {
        List<String> order = List.of("UP", "DEGRADED", "DOWN");
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    private void endpoints(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EvmChainIngestor c : chains) {
            for (Endpoint e : c.endpoints().all()) {
                HealthSnapshot h = e.health();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("chain", c.chain());
                m.put("id", h.id());
                m.put("url", h.url());
                m.put("transport", e.config().isWebSocket() ? "websocket" : "http");
                m.put("region", h.region());
                m.put("priority", h.priority());
                m.put("state", h.state());
                m.put("usable", e.usable());
                m.put("score", round(h.score()));
                m.put("scoreParts", Map.of("latency", round(h.latencyPart()), "errors", round(h.errorPart()),
                        "headLag", round(h.lagPart()), "throttling", round(h.throttlePart())));
                // Null (no sample in the window yet, or none for a while) is a valid answer; Map.of refuses it.
                Map<String, Object> latency = new LinkedHashMap<>();
                latency.put("ewma", nan(h.latencyEwmaMs()));
                latency.put("p50", nan(h.p50Ms()));
                latency.put("p99", nan(h.p99Ms()));
                m.put("latencyMs", latency);
                m.put("errorRate", round(h.errorRate()));
                m.put("requests", h.requests());
                m.put("head", h.head());
                m.put("headLag", h.headLag());
                m.put("breaker", h.breakerState());
                m.put("lastFailure", h.lastFailure());
                out.add(m);
            }
        }
        ctx.json(out);
    }

    private static Object nan(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public void close() {
        app.stop();
    }
}
