package io.chainwatch.systemtest.strategy;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.core.U256;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.JsonRpcHttp;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.evm.trade.Broadcaster;
import io.chainwatch.evm.trade.LiveEvmExecutor;
import io.chainwatch.evm.trade.TradingKey;
import io.chainwatch.market.PoolState;
import io.chainwatch.risk.Decision;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.strategy.arb.ArbitrageDetector;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.arb.Opportunity;
import io.chainwatch.strategy.exec.Execution;
import io.chainwatch.strategy.exec.Executor;
import io.chainwatch.strategy.exec.PaperExecutor;
import io.chainwatch.strategy.exec.TradeJournal;
import io.chainwatch.strategy.exec.TradingEngine;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.Reserves;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live executor against the real Uniswap V2 contracts on anvil: a price gap between two
 * factories, found by the detector, approved by the risk manager and made through each factory's
 * real Router02 with transactions we sign and broadcast ourselves. The balances must move by what
 * was predicted, to the wei, less the gas the receipts say was paid; and the paper executor, given
 * the same events, must make the same decisions.
 */
@Timeout(240)
class LiveTradingOnAnvilTest {
    private static final BigInteger E18 = BigInteger.TEN.pow(18);
    private static final BigInteger PRIORITY = BigInteger.valueOf(1_000_000_000L);

    private Anvil anvil;
    private UniswapV2Fixture fixture;
    private JsonRpcHttp http;
    private EndpointPool pool;
    private EvmRpc rpc;
    private Pair pairA;
    private Pair pairB;
    private Map<String, Address> routers;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void deploy() throws IOException {
        anvil = Anvil.start();
        fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 1, E18.multiply(BigInteger.valueOf(1_000_000_000))));
        pairA = fixture.pairs(fixture.factories().get(0)).getFirst();
        pairB = fixture.pairs(fixture.factories().get(1)).getFirst();
        for (Pair p : List.of(pairA, pairB)) {
            fixture.addLiquidity(p, E18.multiply(BigInteger.valueOf(1_000)), E18.multiply(BigInteger.valueOf(3_000_000)));
        }
        routers = Map.of("a", fixture.deployRouter(pairA.factory()), "b", fixture.deployRouter(pairB.factory()));
        http = new JsonRpcHttp(16 << 20);
        Endpoint endpoint = new Endpoint("anvil-0-local", new EndpointConfig(URI.create(anvil.httpUrl()), "local", 0, 1_000, 5_000),
                ScoringPolicy.DEFAULT);
        pool = new EndpointPool("anvil", List.of(endpoint), ScoringPolicy.DEFAULT, new SplittableRandom(1), new SimpleMeterRegistry());
        rpc = new EvmRpc(http);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        http.close();
        anvil.close();
    }

    @Test
    void aLiveTradeMovesTheBalancesByThePredictedProfitLessTheGasActuallyPaid() throws Exception {
        LiveEvmExecutor live = live();
        live.approveRouters(Set.of(pairA.token0(), pairA.token1())).get(60, TimeUnit.SECONDS);
        // A large buy of token0 on factory A: token0 is dear there now.
        fixture.swap(pairA, pairA.token1(), E18.multiply(BigInteger.valueOf(150_000)));

        InstantSource clock = InstantSource.system();
        ArbitrageDetector detector = detector(clock);
        RiskManager risk = risk(clock);
        TradingEngine engine = new TradingEngine(new TradingEngine.Settings("arb", 0.01, 18), detector, risk, live, new TradeJournal(100, 100), () -> true, clock);
        detector.put(state(pairB, "b"));
        Address me = live.account();
        Address start = pairA.token0();
        BigInteger tokenBefore = fixture.balanceOf(start, me);
        BigInteger ethBefore = ethBalance(me);
        BigDecimal equityBefore = risk.snapshot().equity();

        TradingEngine.Outcome out = engine.onPoolChange(state(pairA, "a"), gas(), clock.instant()).orElseThrow();
        assertThat(out.decision().approved()).as(out.decision().reason()).isTrue();
        Execution x = out.execution().get(120, TimeUnit.SECONDS);

        assertThat(x.filled()).as(String.valueOf(x.failure())).isTrue();
        BigInteger predicted = out.opportunity().profit();
        assertThat(predicted).isPositive();
        BigInteger tokenDelta = fixture.balanceOf(start, me).subtract(tokenBefore);
        BigInteger ethDelta = ethBalance(me).subtract(ethBefore);
        assertThat(tokenDelta).as("token0 gained on chain = the predicted profit, to the wei").isEqualTo(predicted);
        assertThat(ethDelta).as("ether spent on chain = the gas the receipts say was paid").isEqualTo(x.gasCostWei().negate());
        assertThat(x.gasCostWei()).isPositive();
        // Gas here is valued one for one in the route's token, so the whole balance change is one number:
        assertThat(tokenDelta.add(ethDelta)).as("balance change = predicted profit - gas actually paid")
                .isEqualTo(predicted.subtract(x.gasCostWei())).isEqualTo(x.realizedProfit());
        assertThat(x.amountOut()).isEqualTo(out.opportunity().amountOut());
        // The realized result is in the risk state (valued at 18 decimals, as the settings say).
        awaitSettled(risk);
        assertThat(risk.snapshot().equity().subtract(equityBefore))
                .isEqualByComparingTo(new BigDecimal(x.realizedProfit()).movePointLeft(18));
        assertThat(risk.snapshot().open()).isEmpty();
    }

    /**
     * A V2 pair writes its two cumulative prices only in a later second than its last update. A
     * leg estimated in the pair's last second and mined in a later one needs those two writes
     * more than the estimate said: most when the pool is new and both are still zero (two fresh
     * storage slots, 45,324 gas more as measured here). The pool is put in that state (last
     * updated this second, cumulative prices never written) and the blocks are mined by hand.
     */
    @Test
    void aLegMinedInALaterSecondThanItsEstimateStillHasTheGasForANewPoolsFirstPriceWrites() throws Exception {
        LiveEvmExecutor live = live();
        live.approveRouters(Set.of(pairA.token0(), pairA.token1())).get(60, TimeUnit.SECONDS);
        Gap gap = gapOnA();
        Opportunity o = gap.opportunity();
        GasPrice gas = gap.gas();
        assertThat(o.route().hops().getFirst().pool().address()).as("the first leg sells on A").isEqualTo(pairA.address());

        anvil.automine(false);
        long second = blockTimestamp() + 100;
        String slot8 = (String) anvil.rpc("eth_getStorageAt", pairA.address().hex(), "0x8", "latest");
        // Slot 8 packs reserve0, reserve1 and, in its top 32 bits, the second of the last update; slots 9 and 10 are the cumulative prices.
        anvil.rpc("anvil_setStorageAt", pairA.address().hex(), "0x8", "0x" + "%08x".formatted(second) + slot8.substring(2 + 8));
        anvil.rpc("anvil_setStorageAt", pairA.address().hex(), "0x9", "0x" + "0".repeat(64));
        anvil.rpc("anvil_setStorageAt", pairA.address().hex(), "0xa", "0x" + "0".repeat(64));
        anvil.rpc("evm_setNextBlockTimestamp", second); // the estimate runs in the pool's last second
        var f = live.execute("late-1", o, o.amountOut(), gas);
        while (!f.isDone()) {
            if (Hex.quantity((String) ((Map<?, ?>) anvil.rpc("txpool_status")).get("pending")) > 0) {
                anvil.rpc("evm_setNextBlockTimestamp", blockTimestamp() + 10);
                anvil.mine();
            }
            Thread.sleep(10);
        }
        Execution x = f.get();
        assertThat(x.filled()).as(String.valueOf(x.failure())).isTrue();
        assertThat(x.amountOut()).isEqualTo(o.amountOut());
        assertThat((String) anvil.rpc("eth_getStorageAt", pairA.address().hex(), "0x9", "latest"))
                .as("the first leg wrote the pool's first cumulative price").isNotEqualTo("0x" + "0".repeat(64));
    }

    @Test
    void paperAndLiveMakeTheSameDecisionsForTheSameEvents() throws Exception {
        LiveEvmExecutor live = live();
        live.approveRouters(Set.of(pairA.token0(), pairA.token1())).get(60, TimeUnit.SECONDS);
        // One clock for both, frozen, so that request ids and ages are the same on both sides.
        InstantSource frozen = InstantSource.fixed(Instant.now());
        ArbitrageDetector paperView = detector(frozen);
        ArbitrageDetector liveView = detector(frozen);
        RiskManager paperRisk = risk(frozen);
        RiskManager liveRisk = risk(frozen);
        Executor paper = new PaperExecutor(paperView::pool);
        TradingEngine paperEngine = new TradingEngine(new TradingEngine.Settings("arb", 0.01, 18), paperView, paperRisk, paper, new TradeJournal(100, 100), () -> true,
                frozen);
        TradingEngine liveEngine = new TradingEngine(new TradingEngine.Settings("arb", 0.01, 18), liveView, liveRisk, live, new TradeJournal(100, 100), () -> true,
                frozen);
        List<Decision> paperDecisions = new ArrayList<>();
        List<Decision> liveDecisions = new ArrayList<>();

        // Event 1: a gap. Both approve the same trade; both fill it for the same output.
        fixture.swap(pairA, pairA.token1(), E18.multiply(BigInteger.valueOf(150_000)));
        PoolState b = state(pairB, "b");
        paperView.put(b);
        liveView.put(b);
        GasPrice gas = gas();
        PoolState a = state(pairA, "a");
        TradingEngine.Outcome p1 = paperEngine.onPoolChange(a, gas, frozen.instant()).orElseThrow();
        TradingEngine.Outcome l1 = liveEngine.onPoolChange(a, gas, frozen.instant()).orElseThrow();
        paperDecisions.add(p1.decision());
        liveDecisions.add(l1.decision());
        Execution px = p1.execution().get(60, TimeUnit.SECONDS);
        Execution lx = l1.execution().get(120, TimeUnit.SECONDS);
        assertThat(p1.opportunity()).isEqualTo(l1.opportunity());
        assertThat(px.filled()).isTrue();
        assertThat(lx.filled()).as(String.valueOf(lx.failure())).isTrue();
        assertThat(lx.amountIn()).isEqualTo(px.amountIn());
        assertThat(lx.amountOut()).as("what the chain paid = what the paper fill computed").isEqualTo(px.amountOut());

        // Event 2: the pools as the live trade left them, to both: the gap is closed for both.
        PoolState a2 = state(pairA, "a");
        PoolState b2 = state(pairB, "b");
        for (TradingEngine e : List.of(paperEngine, liveEngine)) {
            // Each engine saw its own fill's effect: the old gap is not decided on again from a half-updated view.
            assertThat(e.onPoolChange(b2, gas, frozen.instant())).as("no route pays once the gap is closed").isEmpty();
        }
        assertThat(paperEngine.onPoolChange(a2, gas, frozen.instant())).isEqualTo(liveEngine.onPoolChange(a2, gas, frozen.instant()))
                .as("no route pays once the gap is closed").isEmpty();

        // Event 3: a person stops trading on both; a new gap is rejected by both, for the same reason.
        awaitSettled(paperRisk);
        awaitSettled(liveRisk);
        paperRisk.emergencyStop("test");
        liveRisk.emergencyStop("test");
        fixture.swap(pairB, pairB.token0(), E18.multiply(BigInteger.valueOf(60)));
        PoolState b3 = state(pairB, "b");
        TradingEngine.Outcome p3 = paperEngine.onPoolChange(b3, gas, frozen.instant()).orElseThrow();
        TradingEngine.Outcome l3 = liveEngine.onPoolChange(b3, gas, frozen.instant()).orElseThrow();
        paperDecisions.add(p3.decision());
        liveDecisions.add(l3.decision());
        assertThat(p3.decision().approved()).isFalse();
        assertThat(p3.decision().reason()).contains("halted");

        assertThat(liveDecisions).as("every decision, field by field").isEqualTo(paperDecisions);
    }

    @Test
    void aTradeThePoolsMovedAwayFromIsNotSentAndCostsNothing() throws Exception {
        LiveEvmExecutor live = live();
        live.approveRouters(Set.of(pairA.token0(), pairA.token1())).get(60, TimeUnit.SECONDS);
        Gap gap = gapOnA();
        Opportunity o = gap.opportunity();
        GasPrice gas = gap.gas();
        // Someone else closes the gap first: the first leg can no longer pay its minimum.
        fixture.swap(pairA, pairA.token0(), E18.multiply(BigInteger.valueOf(60)));
        Address me = live.account();
        BigInteger ethBefore = ethBalance(me);
        BigInteger tokenBefore = fixture.balanceOf(pairA.token0(), me);
        long nonceBefore = sentCount(me);

        var f = live.execute("stale-1", o, o.amountOut(), gas);
        assertThat(f).failsWithin(Duration.ofSeconds(60)).withThrowableThat().havingRootCause()
                .isInstanceOf(LiveEvmExecutor.NotSentException.class).withMessageContaining("would fail");
        assertThat(ethBalance(me)).as("no gas paid").isEqualTo(ethBefore);
        assertThat(fixture.balanceOf(pairA.token0(), me)).isEqualTo(tokenBefore);
        assertThat(sentCount(me)).as("no transaction sent").isEqualTo(nonceBefore);
    }

    @Test
    void aTradeLargerThanWhatTheAccountHoldsIsNotSentAndSaysSo() throws Exception {
        // Anvil's dev account 2 (a public test key) has ether but none of the pools' tokens.
        TradingKey empty = TradingKey.fromEnvironment(Map.of("K", "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"), "K");
        assertThat(empty.address().hex()).isEqualTo("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        LiveEvmExecutor live = live(empty);
        Gap gap = gapOnA();
        Opportunity o = gap.opportunity();
        GasPrice gas = gap.gas();
        assertThat(live.execute("poor-1", o, o.amountOut(), gas)).failsWithin(Duration.ofSeconds(60)).withThrowableThat().havingRootCause()
                .isInstanceOf(LiveEvmExecutor.NotSentException.class).withMessageContaining("the account holds 0 of " + pairA.token0().hex());
        assertThat(sentCount(empty.address())).as("nothing sent").isZero();
    }

    /** What the detector finds, at the gas price now, once a large buy of token0 on A has made token0 dear there. */
    private record Gap(Opportunity opportunity, GasPrice gas) {
    }

    private Gap gapOnA() {
        fixture.swap(pairA, pairA.token1(), E18.multiply(BigInteger.valueOf(150_000)));
        ArbitrageDetector detector = detector(InstantSource.system());
        detector.put(state(pairB, "b"));
        GasPrice gas = gas();
        return new Gap(detector.onChange(state(pairA, "a"), gas).getFirst(), gas);
    }

    private LiveEvmExecutor live() {
        return live(TradingKey.fromEnvironment(Map.of("CHAINWATCH_TRADING_KEY", Anvil.DEV_KEY_0), "CHAINWATCH_TRADING_KEY"));
    }

    private LiveEvmExecutor live(TradingKey key) {
        LiveEvmExecutor live = new LiveEvmExecutor(new LiveEvmExecutor.Settings(Anvil.CHAIN_ID, routers, Duration.ofMinutes(2),
                Duration.ofSeconds(30), Duration.ofMillis(20), 1.25), key, pool, rpc, new Broadcaster(pool, List.of(), rpc), InstantSource.system());
        closing.add(live);
        return live;
    }

    private ArbitrageDetector detector(InstantSource clock) {
        Address start = pairA.token0();
        // token0 is what we hold, and (for this test) both the native and the dollar token: gas and profit are valued in it one for one.
        return new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(start), start, start, 21_000, 100_000, 64), clock);
    }

    private static RiskManager risk(InstantSource clock) {
        return new RiskManager(new RiskLimits(new BigDecimal("1000"), new BigDecimal("1000"), 0.5, 0.5, new BigDecimal("5000"), 3,
                Duration.ofMinutes(5), false, Map.of("arb", new BigDecimal("5000"))), new BigDecimal("100000"), null, clock, e -> {
        });
    }

    private PoolState state(Pair p, String dex) {
        Reserves r = fixture.reserves(p);
        return new PoolState("anvil", dex, p.address(), p.token0(), p.token1(), 30, U256.of(r.reserve0()), U256.of(r.reserve1()),
                anvil.blockNumber(), Hash32.ZERO);
    }

    private GasPrice gas() {
        return new GasPrice(rpc.baseFee(pool.all().getFirst()).join(), PRIORITY);
    }

    private long blockTimestamp() {
        return Hex.quantity((String) ((Map<?, ?>) anvil.rpc("eth_getBlockByNumber", "latest", false)).get("timestamp"));
    }

    private long sentCount(Address a) {
        return Hex.quantity((String) anvil.rpc("eth_getTransactionCount", a.hex(), "latest"));
    }

    private BigInteger ethBalance(Address a) {
        return new BigInteger(((String) anvil.rpc("eth_getBalance", a.hex(), "latest")).substring(2), 16);
    }

    /** Settling runs when the execution's future completes, right after {@code get} returns: wait for it. */
    private static void awaitSettled(RiskManager risk) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> risk.snapshot().open().isEmpty());
    }
}
