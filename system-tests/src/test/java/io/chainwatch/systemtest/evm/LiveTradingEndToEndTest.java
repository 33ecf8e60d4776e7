package io.chainwatch.systemtest.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.Address;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.TradingState;
import io.chainwatch.store.EmbeddedPostgres;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole program trading for real on anvil: chainwatch follows the chain, the detector sees the
 * gap a large swap opens between two factories, the risk manager approves, the live executor trades
 * through each factory's Router02 with the key from the environment, and the realized profit, from
 * the receipts, lands in the persisted risk state and the audit trail. Then an emergency stop made
 * before a restart still holds after it, and the next gap is not traded.
 */
@Timeout(300)
class LiveTradingEndToEndTest {
    /** Anvil's dev account 1 (a public test key): chainwatch trades with it, the fixture with account 0, so their nonces never meet. */
    private static final String DEV_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static final Address DEV_ACCOUNT_1 = Address.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static final BigInteger E18 = BigInteger.TEN.pow(18);
    private static final String API_TOKEN = "operator-token-for-the-test-0123";

    @TempDir
    Path dir;

    @Test
    void aGapIsTradedLiveItsProfitPersistedAndAStopSurvivesARestart() throws Exception {
        try (Anvil anvil = Anvil.start(); EmbeddedPostgres pg = TestPostgres.start(dir)) {
            UniswapV2Fixture fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 1, E18.multiply(BigInteger.valueOf(1_000_000_000))));
            Pair a = fixture.pairs(fixture.factories().get(0)).getFirst();
            Pair b = fixture.pairs(fixture.factories().get(1)).getFirst();
            for (Pair p : List.of(a, b)) {
                fixture.addLiquidity(p, E18.multiply(BigInteger.valueOf(1_000)), E18.multiply(BigInteger.valueOf(3_000_000)));
            }
            Address routerA = fixture.deployRouter(a.factory());
            Address routerB = fixture.deployRouter(b.factory());
            Address start = a.token0();
            // The trading account holds 500 of token0 to trade with.
            transfer(fixture, start, DEV_ACCOUNT_1, E18.multiply(BigInteger.valueOf(500)));
            String yaml = ChainwatchYaml.of("local", Anvil.CHAIN_ID, List.of(anvil.wsUrl(), anvil.httpUrl()), fixture.factories(), pg.jdbcUrl())
                    .render() + """
                    risk:
                      maxDailyLoss: 100
                      maxTradeAmount: 400
                      maxPositionSize: 0.5
                      maxDrawdown: 0.5
                      emergencyStopLoss: 400
                      maxConsecutiveLosses: 3
                      cooldown: 600s
                      budgets: { arb: 500 }
                    trading:
                      chain: local
                      mode: live
                      startEquity: 1000
                      startTokens: ["%s"]
                      nativeToken: "%s"
                      usdToken: "%s"
                      usdDecimals: 18
                      sizing: { floorShare: 0.4 }   # no history yet: up to 400 of the 1,000 equity
                      live:
                        routers: { dex-a: "%s", dex-b: "%s" }
                        receiptTimeoutMs: 30000
                    """.formatted(start.hex(), start.hex(), start.hex(), routerA.hex(), routerB.hex());
            var config = new io.chainwatch.core.config.ConfigLoader(Map.of("CHAINWATCH_API_TOKEN", API_TOKEN)).parse(yaml, "test");
            Map<String, String> env = Map.of("TRADING_PRIVATE_KEY", DEV_KEY_1);

            BigInteger tokenBefore;
            BigInteger ethBefore;
            try (Chainwatch cw = Chainwatch.start(config, InstantSource.system(), env);
                 StoreReader store = new StoreReader(pg.jdbcUrl(), "local")) {
                Checks.awaitCaughtUp(cw, anvil, store);
                awaitApproved(anvil, start, DEV_ACCOUNT_1, routerA);
                tokenBefore = fixture.balanceOf(start, DEV_ACCOUNT_1);
                ethBefore = eth(anvil, DEV_ACCOUNT_1);
                RiskManager risk = cw.trading().orElseThrow().risk();

                // The gap: a large buy of token0 on factory A.
                fixture.swap(a, a.token1(), E18.multiply(BigInteger.valueOf(150_000)));
                Awaitility.await("the live trade settled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> risk.snapshot().history().size() == 1 && risk.snapshot().open().isEmpty());

                BigDecimal pnl = risk.snapshot().history().getFirst();
                BigInteger tokenDelta = fixture.balanceOf(start, DEV_ACCOUNT_1).subtract(tokenBefore);
                BigInteger ethDelta = eth(anvil, DEV_ACCOUNT_1).subtract(ethBefore);
                assertThat(tokenDelta).as("the trade made token0").isPositive();
                assertThat(ethDelta).as("and paid gas").isNegative();
                assertThat(new BigDecimal(tokenDelta.add(ethDelta)).movePointLeft(18)).as("the settled profit is what the chain shows, gas included")
                        .isEqualByComparingTo(pnl);
                assertThat(pnl).isPositive();
                Awaitility.await("the state saved").atMost(Duration.ofSeconds(10))
                        .until(() -> count(pg, "SELECT count(*) FROM risk_audit WHERE kind = 'settlement'") == 1);
                assertThat(count(pg, "SELECT count(*) FROM risk_audit WHERE kind = 'decision' AND (record -> 'decision' ->> 'approved')::boolean"))
                        .isEqualTo(1);
                // The API shows the trade as the chain made it, and stops trading only for the token's holder.
                try (ApiClient api = new ApiClient(cw.apiPort())) {
                    var trades = api.get("/api/v1/trades?limit=5");
                    assertThat(trades.status()).isEqualTo(200);
                    var t = trades.json().get(0);
                    assertThat(t.get("status").asText()).isEqualTo("FILLED");
                    assertThat(new BigDecimal(t.get("realizedUsd").asText())).isEqualByComparingTo(pnl);
                    String stop = "{\"reason\": \"operator test before a restart\"}";
                    assertThat(api.post("/api/v1/risk/emergency-stop", null, stop).status()).isEqualTo(401);
                    assertThat(api.post("/api/v1/risk/emergency-stop", "Bearer wrong-token-of-enough-length", stop).status()).isEqualTo(401);
                    assertThat(risk.state()).isEqualTo(TradingState.ACTIVE);
                    var stopped = api.post("/api/v1/risk/emergency-stop", "Bearer " + API_TOKEN, stop);
                    assertThat(stopped.status()).isEqualTo(200);
                    assertThat(stopped.body()).doesNotContain(API_TOKEN);
                    assertThat(risk.state()).isEqualTo(TradingState.HALTED);
                }
            }

            try (Chainwatch cw = Chainwatch.start(config, InstantSource.system(), env);
                 StoreReader store = new StoreReader(pg.jdbcUrl(), "local")) {
                RiskManager risk = cw.trading().orElseThrow().risk();
                assertThat(risk.state()).as("the stop survived the restart").isEqualTo(TradingState.HALTED);
                assertThat(risk.snapshot().stopReasons()).anyMatch(r -> r.contains("operator test before a restart"));
                assertThat(risk.snapshot().history()).hasSize(1);
                Checks.awaitCaughtUp(cw, anvil, store);
                BigInteger held = fixture.balanceOf(start, DEV_ACCOUNT_1);
                long rejectedBefore = count(pg, "SELECT count(*) FROM risk_audit WHERE kind = 'decision' AND record -> 'decision' ->> 'reason' LIKE 'trading is halted%'");
                // Another gap, the other way: seen, and refused because trading is halted.
                fixture.swap(b, b.token1(), E18.multiply(BigInteger.valueOf(200_000)));
                Awaitility.await("the new gap decided").atMost(Duration.ofSeconds(30)).until(() -> count(pg,
                        "SELECT count(*) FROM risk_audit WHERE kind = 'decision' AND record -> 'decision' ->> 'reason' LIKE 'trading is halted%'")
                        > rejectedBefore);
                Checks.awaitCaughtUp(cw, anvil, store);
                assertThat(fixture.balanceOf(start, DEV_ACCOUNT_1)).as("nothing traded while halted").isEqualTo(held);
                try (ApiClient api = new ApiClient(cw.apiPort())) {
                    assertThat(api.get("/api/v1/risk").json().get("state").asText()).isEqualTo("HALTED");
                    assertThat(api.post("/api/v1/risk/reset", "Bearer " + API_TOKEN, "{}").status()).isEqualTo(200);
                    assertThat(risk.state()).as("a manual reset ends the stop").isEqualTo(TradingState.ACTIVE);
                }
            }
        }
    }

    private static void transfer(UniswapV2Fixture fixture, Address token, Address to, BigInteger amount) {
        String data = "0xa9059cbb" + "0".repeat(24) + to.hex().substring(2) + String.format("%064x", amount);
        fixture.wallet().send(token, data, 100_000);
    }

    private static void awaitApproved(Anvil anvil, Address token, Address owner, Address spender) {
        String call = "0xdd62ed3e" + "0".repeat(24) + owner.hex().substring(2) + "0".repeat(24) + spender.hex().substring(2);
        Awaitility.await("routers approved at start").atMost(Duration.ofSeconds(30)).until(() -> {
            String r = (String) anvil.rpc("eth_call", Map.of("to", token.hex(), "data", call), "latest");
            return new BigInteger(r.substring(2), 16).signum() > 0;
        });
    }

    private static BigInteger eth(Anvil anvil, Address a) {
        return new BigInteger(((String) anvil.rpc("eth_getBalance", a.hex(), "latest")).substring(2), 16);
    }

    private static long count(EmbeddedPostgres pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
