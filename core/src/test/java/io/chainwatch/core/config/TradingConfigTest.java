package io.chainwatch.core.config;

import io.chainwatch.core.Address;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trading: section: paper by default, live only with routers and a key that is never in the file. */
class TradingConfigTest {
    private static final String WETH = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2";
    private static final String USDC = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
    private static final String BASE = """
            evm:
              chains:
                - name: local
                  chainId: 31337
                  endpoints: [ { url: "http://127.0.0.1:8545" } ]
                  dexes:
                    - { name: uni-a, kind: uniswap-v2, factory: "0x5FbDB2315678afecb367f032d93F642f64180aa3", feeBps: 30 }
                    - { name: uni-b, kind: uniswap-v2, factory: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", feeBps: 30 }
            risk:
              maxDailyLoss: 1000
              maxTradeAmount: 10000
              maxPositionSize: 0.05
              maxDrawdown: 0.10
              emergencyStopLoss: 5000
              maxConsecutiveLosses: 3
              cooldown: 900s
              budgets: { arb: 8000 }
            """;
    private static final String PAPER = BASE + """
            trading:
              chain: local
              startEquity: 100000
              startTokens: ["%s"]
              nativeToken: "%s"
              usdToken: "%s"
            """.formatted(WETH, WETH, USDC);

    private static TradingConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(env).parse(yaml, "test").trading().orElseThrow();
    }

    @Test
    void paperIsTheDefaultAndEachSettingHasItsDocumentedDefault() {
        TradingConfig t = load(PAPER, Map.of());
        assertThat(t.mode()).isEqualTo(TradingConfig.Mode.PAPER);
        assertThat(t.account()).isEqualTo("main");
        assertThat(t.strategy()).isEqualTo("arb");
        assertThat(t.startEquity()).isEqualByComparingTo("100000");
        assertThat(t.startTokens()).containsExactly(Address.of(WETH));
        assertThat(t.usdToken()).isEqualTo(Address.of(USDC));
        assertThat(t.usdDecimals()).isEqualTo(6);
        assertThat(t.slippage()).isEqualTo(0.005);
        assertThat(t.priorityFeeWei()).isEqualTo(BigInteger.valueOf(1_000_000_000L));
        assertThat(t.live()).isEmpty();
        assertThat(t.sizing()).isEqualTo(new TradingConfig.Sizing(0.25, 30, 0.01));
        assertThat(load(PAPER + "  sizing: { kellyFraction: 0.5, floorShare: 0.05 }\n", Map.of()).sizing())
                .isEqualTo(new TradingConfig.Sizing(0.5, 30, 0.05));
        assertThat(new ConfigLoader(Map.of()).parse(BASE, "test").trading()).as("no section: nothing trades").isEmpty();
    }

    @Test
    void liveNeedsRoutersAndTakesTheKeyFromTheEnvironmentByName() {
        String live = PAPER + """
                  mode: live
                  live:
                    routers: { uni-a: "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D" }
                    relays: [ { url: "https://relay.example/rpc" } ]
                """;
        TradingConfig t = load(live, Map.of("TRADING_PRIVATE_KEY", "not read here"));
        assertThat(t.mode()).isEqualTo(TradingConfig.Mode.LIVE);
        TradingConfig.Live l = t.live().orElseThrow();
        assertThat(l.keyEnv()).contains("TRADING_PRIVATE_KEY");
        assertThat(l.keystore()).isEmpty();
        assertThat(l.routers()).containsOnlyKeys("uni-a");
        assertThat(l.relays()).hasSize(1);
        assertThat(l.deadlineMs()).isEqualTo(60_000);
    }

    @Test
    void badTradingSettingsAreNamed() {
        assertThatThrownBy(() -> load(PAPER.replace("chain: local", "chain: other"), Map.of()))
                .hasMessageStartingWith("trading.chain: 'other' is not one of evm.chains");
        assertThatThrownBy(() -> load(PAPER.replace("  startEquity: 100000\n", ""), Map.of()))
                .hasMessageStartingWith("trading.startEquity: missing");
        assertThatThrownBy(() -> load(PAPER + "  strategy: momentum\n", Map.of()))
                .hasMessageStartingWith("trading.strategy: 'momentum' has no budget in risk.budgets");
        assertThatThrownBy(() -> load(PAPER.replace(BASE.substring(BASE.indexOf("risk:")), ""), Map.of()))
                .hasMessageContaining("trading needs a risk: section");
        assertThatThrownBy(() -> load(PAPER + "  mode: live\n", Map.of())).hasMessageStartingWith("trading.live: missing");
        assertThatThrownBy(() -> load(PAPER + "  mode: live\n  live: { routers: { uni-z: \"" + WETH + "\" } }\n", Map.of()))
                .hasMessageStartingWith("trading.live.routers.uni-z: is not a DEX of chain local");
        assertThatThrownBy(() -> load(PAPER + "  mode: yolo\n", Map.of())).hasMessageStartingWith("trading.mode: got 'yolo'");
        assertThatThrownBy(() -> load(PAPER + "  sizing: { kellyFraction: 2 }\n", Map.of())).hasMessageStartingWith("trading.sizing.kellyFraction");
        assertThatThrownBy(() -> load(PAPER.replace("  usdToken: \"" + USDC + "\"\n", ""), Map.of()))
                .hasMessageStartingWith("trading.usdToken: missing");
    }

    @Test
    void aKeyWrittenWhereItsVariableNameBelongsIsRefusedWithoutBeingShown() {
        String key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
        String yaml = PAPER + "  mode: live\n  live: { keyEnv: \"" + key + "\", routers: { uni-a: \"" + WETH + "\" } }\n";
        assertThatThrownBy(() -> load(yaml, Map.of())).hasMessageContaining("the NAME of an environment variable")
                .message().doesNotContain(key);
    }
}
