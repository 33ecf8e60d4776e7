package io.chainwatch.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.core.config.ApiConfig;
import io.chainwatch.core.config.ApiToken;
import io.chainwatch.market.PoolState;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.RiskProjector;
import io.chainwatch.risk.RiskSnapshot;
import io.chainwatch.risk.TradingState;
import io.chainwatch.strategy.arb.ArbitrageDetector;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.exec.Execution;
import io.chainwatch.strategy.exec.PaperExecutor;
import io.chainwatch.strategy.exec.TradeJournal;
import io.chainwatch.strategy.exec.TradingEngine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trading routes over real HTTP, in front of a real risk manager, trade journal and trading
 * engine (detector and paper executor): what they show, and that the emergency stop and reset
 * refuse anyone without the token, which no answer, header or log line ever holds.
 */
@Timeout(60)
class TradingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T10:00:00Z"));
    private static final String TOKEN = "Op3rat0r-t0ken-f0r-the-r1sk-desk";
    private static final String WRONG = "n0t-the-t0ken-but-cl0se-enough!!";
    private static final Address WETH = new Address(0, 0, 1);
    private static final Address USDC = new Address(0, 0, 2);
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final BigInteger USD = BigInteger.TEN.pow(6);
    private static final GasPrice GAS = new GasPrice(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000_000L));
    private static final RiskLimits LIMITS = new RiskLimits(new BigDecimal("5000"), new BigDecimal("10000000"), 0.5, 0.2,
            new BigDecimal("20000"), 5, Duration.ofMinutes(5), false, Map.of("arb", new BigDecimal("10000000")));

    private final List<HttpResponse<String>> answers = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<Logger> server = List.of((Logger) LoggerFactory.getLogger("org.eclipse.jetty"),
            (Logger) LoggerFactory.getLogger("io.javalin"));
    private Level rootLevel;

    /**
     * Every log line at every level of chainwatch's own code is captured; Jetty and Javalin log at WARN,
     * as chainwatch's logging configuration (app's logback.xml) sets them. At DEBUG Jetty writes every
     * request header as it parses it, Authorization included: never raise them to DEBUG in production.
     */
    @BeforeEach
    void captureLogs() {
        rootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        server.forEach(l -> l.setLevel(Level.WARN));
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void noTokenAnywhere() throws Exception {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        server.forEach(l -> l.setLevel(null));
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        metrics.close();
        for (HttpResponse<String> r : answers) {
            assertThat(r.body()).as(r.uri().toString()).doesNotContain(TOKEN).doesNotContain(WRONG);
            r.headers().map().forEach((name, values) -> assertThat(name + ": " + values).doesNotContain(TOKEN).doesNotContain(WRONG));
        }
        for (ILoggingEvent e : logs.list) {
            assertThat(logged(e)).doesNotContain(TOKEN).doesNotContain(WRONG);
        }
    }

    private static String logged(ILoggingEvent e) {
        StringBuilder out = new StringBuilder(e.getFormattedMessage() == null ? "" : e.getFormattedMessage());
        for (Object arg : e.getArgumentArray() == null ? new Object[0] : e.getArgumentArray()) {
            out.append(' ').append(arg);
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            out.append(' ').append(t.getMessage());
        }
        return out.toString();
    }

    private ApiServer server(TradingView trading, Optional<ApiToken> token) {
        ApiServer api = new ApiServer(new ApiConfig("127.0.0.1", 0, token), new ApiServer.Services(List.of(), null, trading, null, null), metrics, CLOCK);
        toClose.add(api);
        return api;
    }

    private static RiskManager freshRisk() {
        return new RiskManager(LIMITS, new BigDecimal("10000000"), null, CLOCK, e -> { });
    }

    private static PoolState ethUsd(int id, String dex, long eth, long usd) {
        return new PoolState("test", dex, new Address(1, 0, id), WETH, USDC, 30, U256.of(ETH.multiply(BigInteger.valueOf(eth))),
                U256.of(USD.multiply(BigInteger.valueOf(usd))), 100, Hash32.ZERO);
    }

    /** A real engine's work: one arbitrage filled on paper, then a pool change while the market state is incomplete. */
    private static TradingEngine.Outcome trade(RiskManager risk, TradeJournal journal) throws Exception {
        ArbitrageDetector detector = new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(WETH), WETH, USDC, 21_000, 90_000, 64),
                CLOCK);
        AtomicBoolean complete = new AtomicBoolean(true);
        TradingEngine engine = new TradingEngine(new TradingEngine.Settings("arb", 0.005, 6), detector, risk,
                new PaperExecutor(detector::pool), journal, complete::get, CLOCK);
        detector.put(ethUsd(1, "uniswap", 1_000, 3_000_000));
        TradingEngine.Outcome out = engine.onPoolChange(ethUsd(2, "sushiswap", 1_000, 2_900_000), GAS, CLOCK.instant()).orElseThrow();
        out.execution().get();
        complete.set(false);
        engine.onPoolChange(ethUsd(1, "uniswap", 1_000, 3_000_001), GAS, CLOCK.instant());
        return out;
    }

    private HttpResponse<String> get(ApiServer api, String path) throws Exception {
        return send(api, HttpRequest.newBuilder(uri(api, path)).GET());
    }

    private HttpResponse<String> post(ApiServer api, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(api, path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(api, b);
    }

    private HttpResponse<String> send(ApiServer api, HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        answers.add(r);
        return r;
    }

    private static URI uri(ApiServer api, String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String stop(String reason) {
        return "{\"reason\": \"" + reason + "\"}";
    }

    @Test
    void opportunitiesAndTradesAreShownNewestFirstWithExactAmounts() throws Exception {
        RiskManager risk = freshRisk();
        TradeJournal journal = new TradeJournal(1_000, 1_000);
        TradingEngine.Outcome out = trade(risk, journal);
        Execution x = out.execution().get();
        ApiServer api = server(new TradingView(risk, journal, LIMITS, Optional.empty()), Optional.empty());

        HttpResponse<String> r = get(api, "/api/v1/opportunities");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = json(r);
        assertThat(list).hasSize(2);
        JsonNode skipped = list.get(0);
        assertThat(skipped.get("outcome").asText()).isEqualTo("skipped");
        assertThat(skipped.get("skipped").asText()).isEqualTo("market state incomplete: not trading");
        assertThat(skipped.get("route").isNull()).isTrue();
        JsonNode approved = list.get(1);
        assertThat(approved.get("outcome").asText()).isEqualTo("approved");
        assertThat(approved.get("at").asText()).isEqualTo("2026-12-04T10:00:00Z");
        JsonNode route = approved.get("route");
        assertThat(route.get("pools")).extracting(JsonNode::asText).containsExactlyElementsOf(
                out.opportunity().route().pools().stream().map(Address::hex).toList());
        assertThat(route.get("tokens")).extracting(JsonNode::asText).containsExactly(WETH.hex(), USDC.hex(), WETH.hex());
        for (var amount : Map.of("amountIn", out.opportunity().amountIn(), "amountOut", out.opportunity().amountOut(),
                "profit", out.opportunity().profit(), "gasCostWei", out.opportunity().gasCostWei(),
                "netProfit", out.opportunity().netProfit()).entrySet()) {
            assertThat(route.get(amount.getKey()).isIntegralNumber()).as(amount.getKey() + " is a whole JSON number").isTrue();
            assertThat(route.get(amount.getKey()).bigIntegerValue()).as(amount.getKey()).isEqualTo(amount.getValue());
        }
        assertThat(route.get("netUsd").decimalValue()).isEqualByComparingTo(new BigDecimal(out.opportunity().netUsd()).movePointLeft(6));
        JsonNode decision = approved.get("decision");
        assertThat(decision.get("approved").asBoolean()).isTrue();
        assertThat(decision.get("reason").asText()).isEqualTo("within every limit");
        assertThat(decision.get("maxSize").decimalValue()).isEqualByComparingTo(out.decision().maxSize());
        assertThat(decision.get("score").get("total").asDouble()).isEqualTo(out.decision().score().total());
        assertThat(json(get(api, "/api/v1/opportunities?limit=1"))).hasSize(1);

        JsonNode trades = json(get(api, "/api/v1/trades"));
        assertThat(trades).hasSize(1);
        JsonNode t = trades.get(0);
        assertThat(t.get("requestId").asText()).isEqualTo(x.requestId());
        assertThat(t.get("status").asText()).isEqualTo("FILLED");
        assertThat(t.get("execution").get("amountOut").bigIntegerValue()).isEqualTo(x.amountOut());
        assertThat(t.get("execution").get("realizedProfit").bigIntegerValue()).isEqualTo(x.realizedProfit());
        assertThat(t.get("route").get("amountIn").bigIntegerValue()).isEqualTo(x.amountIn());
        assertThat(t.get("realizedUsd").decimalValue()).isEqualByComparingTo(
                risk.snapshot().equity().subtract(new BigDecimal("10000000")));
        assertThat(t.get("completedAt").asText()).isEqualTo("2026-12-04T10:00:00Z");
    }

    @Test
    void aBadLimitIsRefusedNamingIt() throws Exception {
        ApiServer api = server(new TradingView(freshRisk(), new TradeJournal(10, 10), LIMITS, Optional.empty()), Optional.empty());
        for (String path : List.of("/api/v1/opportunities?limit=0", "/api/v1/trades?limit=1001", "/api/v1/trades?limit=ten",
                "/api/v1/opportunities?limit=-5")) {
            HttpResponse<String> r = get(api, path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(json(r).get("parameter").asText()).isEqualTo("limit");
            assertThat(json(r).get("error").asText()).startsWith("limit: need a whole number from 1 to 1000 (50 when absent), got ");
        }
        assertThat(get(api, "/api/v1/trades?limit=1000").statusCode()).isEqualTo(200);
    }

    @Test
    void theRiskStateShowsLimitsUsageAndTheDistanceToEachLimit() throws Exception {
        RiskManager risk = freshRisk();
        TradeJournal journal = new TradeJournal(10, 10);
        trade(risk, journal);
        RiskSnapshot s = risk.snapshot();
        ApiServer api = server(new TradingView(risk, journal, LIMITS, Optional.empty()), Optional.empty());

        JsonNode r = json(get(api, "/api/v1/risk"));
        assertThat(r.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(r.get("stopReasons")).isEmpty();
        assertThat(r.get("emergencyStop").asBoolean()).isFalse();
        assertThat(r.get("stoppedAt").isNull()).isTrue();
        assertThat(r.get("limits").get("configured")).isEqualTo(r.get("limits").get("live"));
        assertThat(r.get("limits").get("tightened").asBoolean()).isFalse();
        JsonNode live = r.get("limits").get("live");
        assertThat(live.get("maxDailyLoss").decimalValue()).isEqualByComparingTo("5000");
        assertThat(live.get("maxDrawdown").asDouble()).isEqualTo(0.2);
        assertThat(live.get("cooldownMs").asLong()).isEqualTo(300_000);
        assertThat(live.get("strategyBudgets").get("arb").decimalValue()).isEqualByComparingTo("10000000");

        JsonNode usage = r.get("usage");
        assertThat(usage.get("day").asText()).isEqualTo("2026-12-04");
        assertThat(usage.get("lossToday").decimalValue()).isEqualByComparingTo("0");
        assertThat(usage.get("openTrades").asInt()).isZero();
        assertThat(usage.get("openNotional").get("arb").decimalValue()).isEqualByComparingTo("0");
        assertThat(usage.get("equity").decimalValue()).isEqualByComparingTo(s.equity());
        assertThat(usage.get("peakEquity").decimalValue()).isEqualByComparingTo(s.peakEquity());
        assertThat(usage.get("drawdown").asDouble()).isZero();
        assertThat(usage.get("consecutiveLosses").asInt()).isZero();
        assertThat(usage.get("totalLoss").decimalValue()).as("a winning trade: negative loss").isEqualByComparingTo(
                new BigDecimal("10000000").subtract(s.equity()));

        JsonNode distance = r.get("distance");
        assertThat(distance.get("dailyLoss").decimalValue()).isEqualByComparingTo("5000");
        assertThat(distance.get("drawdown").asDouble()).isEqualTo(0.2);
        assertThat(distance.get("emergencyStopLoss").decimalValue()).isEqualByComparingTo(
                new BigDecimal("20000").add(s.equity()).subtract(new BigDecimal("10000000")));
        assertThat(distance.get("consecutiveLosses").asInt()).isEqualTo(5);
        assertThat(distance.get("strategyBudgets").get("arb").decimalValue()).isEqualByComparingTo("10000000");
        assertThat(distance.get("largestTrade").decimalValue()).as("half the equity: below the max trade amount")
                .isEqualByComparingTo(s.equity().multiply(new BigDecimal("0.5")));

        assertThat(r.get("projection").get("status").asText()).isEqualTo("NOT_CONFIGURED");
        assertThat(r.get("projection").get("reason").asText()).startsWith("no risk.projection section");
    }

    @Test
    void theRiskStateShowsTheLastProjectionAndTheLimitsItTightened() throws Exception {
        List<BigDecimal> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.add(new BigDecimal(i % 2 == 0 ? "2000" : "-2000"));
        }
        BigDecimal equity = new BigDecimal("10000000");
        RiskManager risk = new RiskManager(LIMITS, equity, new RiskSnapshot(LocalDate.of(2026, 12, 4), BigDecimal.ZERO, equity, equity,
                equity, 0, TradingState.ACTIVE, List.of(), false, null, null, Map.of(), history), CLOCK, e -> { });
        RiskProjector projector = new RiskProjector(risk, LIMITS, new RiskProjector.Settings(1_000, 50, 0.05, 0.5, 30),
                new SplittableRandom(3), CLOCK);
        ApiServer api = server(new TradingView(risk, new TradeJournal(10, 10), LIMITS, Optional.of(projector)), Optional.empty());

        assertThat(json(get(api, "/api/v1/risk")).get("projection").get("status").asText()).isEqualTo("NOT_RUN_YET");
        RiskProjector.Projected p = (RiskProjector.Projected) projector.runOnce();
        JsonNode r = json(get(api, "/api/v1/risk"));
        JsonNode projection = r.get("projection");
        assertThat(projection.get("status").asText()).isEqualTo("PROJECTED");
        assertThat(projection.get("trades").asInt()).isEqualTo(40);
        assertThat(projection.get("paths").asInt()).isEqualTo(1_000);
        assertThat(projection.get("horizon").asInt()).isEqualTo(50);
        assertThat(projection.get("return").get("p5").asDouble()).isEqualTo(p.projection().returnP5());
        assertThat(projection.get("drawdown").get("p95").asDouble()).isEqualTo(p.projection().drawdownP95());
        assertThat(projection.get("probDailyLoss").asDouble()).isEqualTo(p.projection().probDailyLoss()).isGreaterThan(0.05);
        assertThat(projection.get("tightened").asBoolean()).isTrue();
        assertThat(r.get("limits").get("tightened").asBoolean()).isTrue();
        assertThat(r.get("limits").get("live").get("maxDailyLoss").decimalValue()).isEqualByComparingTo("2500");
        assertThat(r.get("limits").get("configured").get("maxDailyLoss").decimalValue()).isEqualByComparingTo("5000");
        assertThat(r.get("distance").get("dailyLoss").decimalValue()).as("to the live limit").isEqualByComparingTo("2500");

        RiskManager young = freshRisk();
        RiskProjector tooFew = new RiskProjector(young, LIMITS, new RiskProjector.Settings(1_000, 50, 0.05, 0.5, 30),
                new SplittableRandom(3), CLOCK);
        tooFew.runOnce();
        ApiServer api2 = server(new TradingView(young, new TradeJournal(10, 10), LIMITS, Optional.of(tooFew)), Optional.empty());
        JsonNode none = json(get(api2, "/api/v1/risk")).get("projection");
        assertThat(none.get("status").asText()).isEqualTo("NOT_PROJECTED");
        assertThat(none.get("reason").asText()).isEqualTo("0 trades in the history, a projection needs at least 30");
    }

    @Test
    void anEmergencyStopThroughTheApiHaltsTradingWithItsReasonAndAResetResumesIt() throws Exception {
        RiskManager risk = freshRisk();
        ApiServer api = server(new TradingView(risk, new TradeJournal(10, 10), LIMITS, Optional.empty()), Optional.of(ApiToken.of(TOKEN)));

        HttpResponse<String> stopped = post(api, "/api/v1/risk/emergency-stop", "Bearer " + TOKEN, stop("pool drained on mainnet"));
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        assertThat(json(stopped).get("result").asText()).isEqualTo("stopped");
        assertThat(json(stopped).get("state").asText()).isEqualTo("HALTED");
        assertThat(risk.state()).isEqualTo(TradingState.HALTED);

        JsonNode r = json(get(api, "/api/v1/risk"));
        assertThat(r.get("state").asText()).isEqualTo("HALTED");
        assertThat(r.get("stopReasons")).extracting(JsonNode::asText)
                .containsExactly("emergency stop, manual: by api: pool drained on mainnet");
        assertThat(r.get("emergencyStop").asBoolean()).isTrue();
        assertThat(r.get("stoppedAt").asText()).isEqualTo("2026-12-04T10:00:00Z");
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .isEqualTo("emergency stop through the API: pool drained on mainnet"));

        HttpResponse<String> reset = post(api, "/api/v1/risk/reset", "bearer " + TOKEN, "");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(json(reset).get("result").asText()).isEqualTo("reset");
        assertThat(json(reset).get("state").asText()).isEqualTo("ACTIVE");
        assertThat(json(get(api, "/api/v1/risk")).get("state").asText()).isEqualTo("ACTIVE");
        assertThat(json(post(api, "/api/v1/risk/reset", "Bearer " + TOKEN, "")).get("result").asText())
                .isEqualTo("nothing to reset: trading was active already");
    }

    @Test
    void theMutatingEndpointsRefuseRequestsWithoutTheToken() throws Exception {
        RiskManager risk = freshRisk();
        ApiServer api = server(new TradingView(risk, new TradeJournal(10, 10), LIMITS, Optional.empty()), Optional.of(ApiToken.of(TOKEN)));
        List<String> refused = new ArrayList<>();
        refused.add(null);
        refused.add("");
        refused.add("Bearer " + WRONG);
        refused.add("Bearer " + TOKEN.substring(0, TOKEN.length() - 1));
        refused.add("Bearer " + TOKEN + "x");
        refused.add("Basic " + TOKEN);
        refused.add(TOKEN);
        for (String path : List.of("/api/v1/risk/emergency-stop", "/api/v1/risk/reset")) {
            for (String authorization : refused) {
                HttpResponse<String> r = post(api, path, authorization, stop("let me in"));
                String what = path + " with " + (authorization == null ? "no Authorization" : "a wrong one");
                assertThat(r.statusCode()).as(what).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(json(r).get("error").asText()).as(what).isIn("missing bearer token: send Authorization: Bearer <api.token>",
                        "wrong bearer token");
            }
        }
        assertThat(risk.state()).as("nothing changed").isEqualTo(TradingState.ACTIVE);
        risk.emergencyStop("by test");
        assertThat(post(api, "/api/v1/risk/reset", "Bearer " + WRONG, "").statusCode()).isEqualTo(401);
        assertThat(risk.state()).as("a stop is not ended without the token").isEqualTo(TradingState.HALTED);
        assertThat(logs.list).as("refusals are logged (and the check in @AfterEach sees the log)").anySatisfy(e ->
                assertThat(e.getFormattedMessage()).startsWith("refused POST /api/v1/risk/reset from ").endsWith(": wrong bearer token"));
    }

    @Test
    void withNoTokenConfiguredTheMutatingEndpointsRefuseEveryRequestAndSaySo() throws Exception {
        RiskManager risk = freshRisk();
        ApiServer api = server(new TradingView(risk, new TradeJournal(10, 10), LIMITS, Optional.empty()), Optional.empty());
        for (String path : List.of("/api/v1/risk/emergency-stop", "/api/v1/risk/reset")) {
            for (String authorization : java.util.Arrays.asList(null, "Bearer " + TOKEN)) {
                HttpResponse<String> r = post(api, path, authorization, stop("stop"));
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
                assertThat(json(r).get("error").asText()).isEqualTo("no API token is configured (api.token, or CHAINWATCH_API_TOKEN): "
                        + "every request that changes something is refused");
            }
        }
        assertThat(risk.state()).isEqualTo(TradingState.ACTIVE);
    }

    @Test
    void anEmergencyStopNeedsAShortOneLineReason() throws Exception {
        RiskManager risk = freshRisk();
        ApiServer api = server(new TradingView(risk, new TradeJournal(10, 10), LIMITS, Optional.empty()), Optional.of(ApiToken.of(TOKEN)));
        Map<String, String> bad = Map.of(
                "", "body: need a JSON object such as {\"reason\": \"what you saw\"}",
                "not json", "body: need a JSON object such as {\"reason\": \"what you saw\"}",
                "{}", "reason: need a text saying why trading stops (1 to 500 characters)",
                "{\"reason\": 42}", "reason: need a text saying why trading stops (1 to 500 characters)",
                stop("   "), "reason: need a text saying why trading stops (1 to 500 characters)",
                stop("x".repeat(501)), "reason: need 1 to 500 characters, got 501",
                stop("two\\nlines"), "reason: may not hold control characters such as line breaks",
                stop("pasted " + TOKEN + " by mistake"), "reason: may not hold the API token");
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = post(api, "/api/v1/risk/emergency-stop", "Bearer " + TOKEN, e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(risk.state()).isEqualTo(TradingState.ACTIVE);
        assertThat(post(api, "/api/v1/risk/emergency-stop", "Bearer " + TOKEN, stop("x".repeat(500))).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutTradingEveryTradingRouteAnswers404() throws Exception {
        ApiServer api = server(null, Optional.of(ApiToken.of(TOKEN)));
        for (String path : List.of("/api/v1/opportunities", "/api/v1/trades?limit=5", "/api/v1/risk")) {
            HttpResponse<String> r = get(api, path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r).get("error").asText()).contains("trading is not configured");
        }
        assertThat(post(api, "/api/v1/risk/reset", "Bearer " + TOKEN, "").statusCode()).isEqualTo(404);
        assertThat(post(api, "/api/v1/risk/reset", null, "").statusCode()).as("the token is asked for first").isEqualTo(401);
    }
}
