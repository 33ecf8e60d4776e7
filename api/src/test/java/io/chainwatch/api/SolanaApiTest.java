package io.chainwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.ApiConfig;
import io.chainwatch.market.pump.CurveMath;
import io.chainwatch.market.pump.CurveReserves;
import io.chainwatch.market.pump.FeeRates;
import io.chainwatch.market.pump.TradeQuote;
import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.SimCurve;
import io.chainwatch.sim.solana.SimSolanaBlock;
import io.chainwatch.sim.solana.SimSolanaTransaction;
import io.chainwatch.sim.solana.SlotOutcome;
import io.chainwatch.solana.feed.FeedStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Solana routes over HTTP against a real feed following the simulator: what the API answers is
 * compared with the simulator's own curves and blocks. The simulator makes 40 slots of pump.fun
 * activity, then confirms them; the feed, reading at confirmed, ends on the same state.
 */
@Timeout(30)
class SolanaApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static SimulatedSolanaFeed solana;
    static ApiServer api;
    /** What the slots the feed read did to each mint: the ground truth for the curve list. */
    static Map<String, MintActivity> activity;
    /** The simulator's curves as of the last slot the feed reads. */
    static Map<String, SimCurve> truth;

    /**
     * @param lastSlot          the last slot with an event of the mint
     * @param traded            whether any of its events was a trade
     * @param lastSlotSignatures the transactions with its events in {@code lastSlot}
     */
    record MintActivity(long lastSlot, boolean traded, Set<String> lastSlotSignatures) {
        MintActivity merge(MintActivity o) {
            boolean anyTrade = traded || o.traded;
            if (lastSlot != o.lastSlot) {
                MintActivity later = lastSlot > o.lastSlot ? this : o;
                return new MintActivity(later.lastSlot, anyTrade, later.lastSlotSignatures);
            }
            Set<String> both = new HashSet<>(lastSlotSignatures);
            both.addAll(o.lastSlotSignatures);
            return new MintActivity(lastSlot, anyTrade, Set.copyOf(both));
        }

        /** Several transactions of one slot moved it: the case the feed orders by signature (see the disabled test). */
        boolean severalTransactionsInLastSlot() {
            return lastSlotSignatures.size() > 1;
        }
    }

    @BeforeAll
    @Timeout(120)
    static void start() throws IOException {
        solana = SimulatedSolanaFeed.create(11, dir);
        api = new ApiServer(new ApiConfig("127.0.0.1", 0, java.util.Optional.empty()), new ApiServer.Services(List.of(), solana.feed, null, null, null), solana.metrics, InstantSource.system());
        solana.feed.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> solana.feed.status().checkpoint() >= 0);
        long firstRead = solana.feed.status().checkpoint() + 1;
        List<SlotOutcome> made = solana.sim.produceSlots(40);
        long lastBlock = made.getLast().slot();
        truth = solana.sim.curves().stream().collect(Collectors.toMap(c -> c.mint().base58(), Function.identity()));
        // Confirms the last block. The feed reads at confirmed, so it stops there and the truth above stays its state.
        solana.sim.produceSlots(solana.sim.config().confirmationDepth());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            FeedStatus s = solana.feed.status();
            assertThat(s.checkpoint()).as("checkpoint of %s", s).isGreaterThanOrEqualTo(lastBlock);
        });
        activity = activity(firstRead, lastBlock);
    }

    @AfterAll
    @Timeout(30)
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (solana != null) {
            solana.close();
        }
        HTTP.close();
    }

    private static Map<String, MintActivity> activity(long from, long to) {
        Map<String, MintActivity> out = new HashMap<>();
        for (long slot = from; slot <= to; slot++) {
            SimSolanaBlock block = solana.sim.block(slot).orElse(null);
            if (block == null) {
                continue;
            }
            for (SimSolanaTransaction tx : block.transactions()) {
                if (tx.failed()) {
                    continue;
                }
                for (PumpEvent e : tx.events()) {
                    if (!e.isGenuine()) {
                        continue;
                    }
                    String mint = switch (e) {
                        case PumpEvent.Create c -> c.mint().base58();
                        case PumpEvent.Trade t -> t.mint().base58();
                        case PumpEvent.Complete c -> c.mint().base58();
                        case PumpEvent.Migration m -> m.mint().base58();
                        case PumpEvent.PoolCreated p -> null;
                    };
                    if (mint != null) {
                        out.merge(mint, new MintActivity(slot, e instanceof PumpEvent.Trade, Set.of(tx.signature())), MintActivity::merge);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void listHoldsEveryCurveActiveInTheReadSlotsMostRecentlyActiveFirst() throws Exception {
        JsonNode list = getOk("/api/v1/solana/curves?limit=1000");

        assertThat(activity).isNotEmpty();
        List<String> mints = new ArrayList<>();
        list.forEach(c -> mints.add(c.get("mint").asText()));
        assertThat(mints).containsExactlyInAnyOrderElementsOf(activity.keySet());
        for (JsonNode c : list) {
            assertThat(c.get("lastActivitySlot").asLong()).as(c.get("mint").asText())
                    .isEqualTo(activity.get(c.get("mint").asText()).lastSlot());
        }
        List<Long> slots = new ArrayList<>();
        list.forEach(c -> slots.add(c.get("lastActivitySlot").asLong()));
        assertThat(slots).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(getOk("/api/v1/solana/curves").size()).isEqualTo(Math.min(QueryParameters.DEFAULT_LIMIT, list.size()));
    }

    @Test
    void everyCurveHasTheSimulatorsStatusReservesAndQuotes() throws Exception {
        JsonNode list = getOk("/api/v1/solana/curves?limit=1000");
        int compared = 0;
        for (JsonNode c : list) {
            String mint = c.get("mint").asText();
            SimCurve s = truth.get(mint);
            assertThat(s).as("simulator curve " + mint).isNotNull();
            assertThat(c.get("status").asText()).as(mint).isEqualTo(expectedStatus(s, activity.get(mint)));
            compared += assertMatchesSimulator(c, s) ? 1 : 0;
        }
        assertThat(compared).as("tradable curves compared").isPositive();
    }

    /**
     * The stream brings a slot's events without their place in the block; the block path's copy,
     * which has it, must move them there, so the curve ends on the slot's last transaction.
     */
    @Test
    void curvesMovedBySeveralTransactionsOfOneSlotEndOnTheLastOne() throws Exception {
        List<String> several = activity.entrySet().stream().filter(e -> e.getValue().severalTransactionsInLastSlot())
                .map(Map.Entry::getKey).toList();
        assertThat(several).as("seed 11 makes such a curve").isNotEmpty();
        for (String mint : several) {
            assertMatchesSimulator(getOk("/api/v1/solana/curves/" + mint), truth.get(mint));
        }
    }

    /** Compares reserves and, for a tradable curve, both standard quotes; true when the quotes were compared. */
    private static boolean assertMatchesSimulator(JsonNode c, SimCurve s) {
        String mint = c.get("mint").asText();
        if (s.migrated()) {
            return false; // the liquidity left the curve; what the last trade left is history
        }
        JsonNode r = c.get("reserves");
        assertThat(r.get("virtualTokenReserves").bigIntegerValue()).as(mint).isEqualTo(u64(s.virtualTokenReserves()));
        assertThat(r.get("virtualSolReserves").bigIntegerValue()).as(mint).isEqualTo(u64(s.virtualSolReserves()));
        assertThat(r.get("realTokenReserves").bigIntegerValue()).as(mint).isEqualTo(u64(s.realTokenReserves()));
        assertThat(r.get("realSolReserves").bigIntegerValue()).as(mint).isEqualTo(u64(s.realSolReserves()));
        if (s.complete()) {
            assertThat(c.at("/quotes/buy1Sol").isNull()).as("a complete curve takes no trades: " + mint).isTrue();
            return false;
        }
        FeeRates fees = new FeeRates(c.at("/fees/protocolBps").asInt(), c.at("/fees/creatorBps").asInt());
        CurveReserves reserves = reserves(s, r.get("tokenTotalSupply").asLong());
        assertQuote(c.at("/quotes/buy1Sol"), CurveMath.buyExactSolIn(reserves, 1_000_000_000L, fees));
        assertQuote(c.at("/quotes/sell10MTokens"), CurveMath.sell(reserves, 10_000_000_000_000L, fees));
        assertThat(c.at("/quotes/buy1Sol/userLamports").asLong()).isLessThanOrEqualTo(1_000_000_000L);
        return true;
    }

    @Test
    void statusFilterKeepsOnlyThatStatusAndIgnoresCase() throws Exception {
        JsonNode all = getOk("/api/v1/solana/curves?limit=1000");
        JsonNode trading = getOk("/api/v1/solana/curves?status=TRADING&limit=1000");

        List<String> expected = new ArrayList<>();
        all.forEach(c -> {
            if (c.get("status").asText().equals("trading")) {
                expected.add(c.get("mint").asText());
            }
        });
        List<String> got = new ArrayList<>();
        trading.forEach(c -> got.add(c.get("mint").asText()));
        assertThat(expected).isNotEmpty();
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void limitTakesTheMostRecentlyActive() throws Exception {
        JsonNode all = getOk("/api/v1/solana/curves?limit=1000");
        JsonNode two = getOk("/api/v1/solana/curves?limit=2");

        assertThat(two.size()).isEqualTo(2);
        assertThat(two.get(0).get("mint").asText()).isEqualTo(all.get(0).get("mint").asText());
        assertThat(two.get(1).get("mint").asText()).isEqualTo(all.get(1).get("mint").asText());
    }

    @Test
    void singleCurveAnswersTheListsObjectAndQuotesAskedAmounts() throws Exception {
        JsonNode first = firstTradable();
        String mint = first.get("mint").asText();
        SimCurve s = truth.get(mint);

        JsonNode c = getOk("/api/v1/solana/curves/" + mint + "?buyLamports=123456789&buyTokens=5000000000&sellTokens=7000000000");

        assertThat(c.get("mint").asText()).isEqualTo(mint);
        assertThat(c.get("reserves")).isEqualTo(first.get("reserves"));
        assertThat(c.get("lastTrade")).isEqualTo(first.get("lastTrade"));
        assertThat(c.get("volume")).isEqualTo(first.get("volume"));
        FeeRates fees = new FeeRates(c.at("/fees/protocolBps").asInt(), c.at("/fees/creatorBps").asInt());
        CurveReserves reserves = reserves(s, c.at("/reserves/tokenTotalSupply").asLong());
        assertQuote(c.at("/quotes/buyLamports"), CurveMath.buyExactSolIn(reserves, 123_456_789L, fees));
        assertQuote(c.at("/quotes/buyTokens"), CurveMath.buyExactTokens(reserves, 5_000_000_000L, fees));
        assertQuote(c.at("/quotes/sellTokens"), CurveMath.sell(reserves, 7_000_000_000L, fees));
        assertThat(c.at("/quotes/buy1Sol")).isEqualTo(first.at("/quotes/buy1Sol"));
        assertThat(c.at("/lastTrade/signature").asText()).hasSizeBetween(64, 88);
        assertThat(c.at("/price/solPerToken").asText()).matches("\\d+\\.\\d+");
    }

    @Test
    void badParametersAnswer400NamingTheParameter() throws Exception {
        String mint = firstTradable().get("mint").asText();
        Map<String, String> cases = new TreeMap<>(Map.of(
                "/api/v1/solana/curves?status=alive", "status",
                "/api/v1/solana/curves?limit=0", "limit",
                "/api/v1/solana/curves?limit=1001", "limit",
                "/api/v1/solana/curves?limit=ten", "limit",
                "/api/v1/solana/curves/not-base58-0OIl", "mint",
                "/api/v1/solana/curves/3xyz", "mint",
                "/api/v1/solana/curves/" + mint + "?buyLamports=-5", "buyLamports",
                "/api/v1/solana/curves/" + mint + "?sellTokens=1.5", "sellTokens",
                "/api/v1/solana/curves/" + mint + "?buyTokens=99999999999999999999", "buyTokens"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("parameter").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(body.get("error").asText()).as(c.getKey()).startsWith(c.getValue() + ": need ");
            assertThat(body.has("allowed")).as(c.getKey()).isTrue();
        }
        JsonNode status = JSON.readTree(get("/api/v1/solana/curves?status=alive").body());
        assertThat(status.get("allowed")).extracting(JsonNode::asText)
                .containsExactly("created", "trading", "complete", "migrated");
    }

    @Test
    void unknownMintAnswers404() throws Exception {
        String unknown = "So11111111111111111111111111111111111111112"; // wrapped SOL: never a pump curve
        HttpResponse<String> r = get("/api/v1/solana/curves/" + unknown);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains(unknown);
    }

    @Test
    void healthHasTheSolanaEntry() throws Exception {
        HttpResponse<String> r = get("/api/v1/performance/health");
        JsonNode body = JSON.readTree(r.body());

        assertThat(body.get("chains").size()).isEqualTo(1);
        JsonNode s = body.get("chains").get(0);
        assertThat(s.get("chain").asText()).isEqualTo("solana");
        assertThat(s.get("kind").asText()).isEqualTo("solana");
        assertThat(s.get("status").asText()).isIn("UP", "DEGRADED");
        assertThat(body.get("status").asText()).isEqualTo(s.get("status").asText());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(s.get("commitment").asText()).isEqualTo("confirmed");
        assertThat(s.get("checkpoint").asLong()).isGreaterThanOrEqualTo(activity.values().stream()
                .mapToLong(MintActivity::lastSlot).max().orElseThrow());
        assertThat(s.get("endpointsTotal").asInt()).isEqualTo(4);
        assertThat(s.get("lost").asLong()).isZero();
        for (String field : List.of("levelTip", "processedTip", "root", "lag", "openGapSlots", "coverage", "skipped", "recoveryQueued",
                "recovered", "retractedSlots", "stream", "endpointsUsable", "reasons")) {
            assertThat(s.has(field)).as(field).isTrue();
        }
    }

    @Test
    void endpointsListBothSolanaPoolsWithTheirTransports() throws Exception {
        JsonNode list = getOk("/api/v1/performance/endpoints");

        Map<String, String> transportById = new HashMap<>();
        list.forEach(e -> {
            assertThat(e.get("chain").asText()).isEqualTo("solana");
            transportById.put(e.get("id").asText(), e.get("transport").asText());
        });
        assertThat(transportById).containsOnlyKeys("solana-rpc-0-local", "solana-rpc-1-local", "solana-ws-0-local", "solana-ws-1-local");
        assertThat(transportById).containsEntry("solana-rpc-0-local", "http").containsEntry("solana-ws-1-local", "websocket");
        Set<String> urls = new HashSet<>();
        list.forEach(e -> urls.add(e.get("url").asText()));
        assertThat(urls).contains(solana.sim.httpUrls().getFirst().toString(), solana.sim.wsUrls().getFirst().toString());
        assertThat(list.get(0).has("score")).isTrue();
        assertThat(list.get(0).has("latencyMs")).isTrue();
    }

    private static String expectedStatus(SimCurve s, MintActivity a) {
        if (s.migrated()) {
            return "migrated";
        }
        if (s.complete()) {
            return "complete";
        }
        return a.traded() ? "trading" : "created";
    }

    private static JsonNode firstTradable() throws Exception {
        for (JsonNode c : getOk("/api/v1/solana/curves?status=trading&limit=1000")) {
            if (!c.get("lastTrade").isNull()) {
                return c;
            }
        }
        throw new AssertionError("no trading curve with a trade");
    }

    private static CurveReserves reserves(SimCurve s, long tokenTotalSupply) {
        return new CurveReserves(s.virtualTokenReserves(), s.virtualSolReserves(), s.realTokenReserves(), s.realSolReserves(),
                tokenTotalSupply, 0);
    }

    private static void assertQuote(JsonNode json, TradeQuote expected) {
        assertThat(json.isObject()).as("quote " + json).isTrue();
        assertThat(json.get("side").asText()).isEqualTo(expected.side().name().toLowerCase(Locale.ROOT));
        assertThat(json.get("tokenAmount").bigIntegerValue()).isEqualTo(u64(expected.tokenAmount()));
        assertThat(json.get("solAmountLamports").bigIntegerValue()).isEqualTo(u64(expected.solAmountLamports()));
        assertThat(json.get("protocolFeeLamports").bigIntegerValue()).isEqualTo(u64(expected.protocolFeeLamports()));
        assertThat(json.get("creatorFeeLamports").bigIntegerValue()).isEqualTo(u64(expected.creatorFeeLamports()));
        assertThat(json.get("userLamports").asLong()).isEqualTo(expected.userLamports());
    }

    private static BigInteger u64(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static JsonNode getOk(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
