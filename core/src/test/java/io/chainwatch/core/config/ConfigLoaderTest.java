package io.chainwatch.core.config;

import io.chainwatch.core.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ConfigLoaderTest {
    private static final String ISSUE_EXAMPLE = """
            evm:
              chains:
                - name: local
                  chainId: 31337
                  confirmations: 0
                  endpoints:
                    - { url: "ws://127.0.0.1:8545", region: eu, priority: 1 }
                    - { url: "http://127.0.0.1:8545", region: us, priority: 2 }
                  dexes:
                    - { name: uni-a, kind: uniswap-v2, factory: "0x5FbDB2315678afecb367f032d93F642f64180aa3", feeBps: 30, startBlock: 0 }
            api: { port: 3002 }
            storage: { url: embedded }   # or jdbc:postgresql://...
            """;

    @Test
    void theDocumentedExampleLoads() {
        ChainwatchConfig c = new ConfigLoader(Map.of()).parse(ISSUE_EXAMPLE, "test");
        EvmChainConfig chain = c.evm().chains().getFirst();
        assertThat(chain.chainId()).isEqualTo(31337);
        assertThat(chain.endpoints()).hasSize(2);
        assertThat(chain.endpoints().get(0).isWebSocket()).isTrue();
        assertThat(chain.dexes().getFirst().factory()).isEqualTo(Address.of("0x5fbdb2315678afecb367f032d93f642f64180aa3"));
        assertThat(chain.dexes().getFirst().feeBps()).isEqualTo(30);
        assertThat(c.api().port()).isEqualTo(3002);
        assertThat(c.storage().embedded()).isTrue();
    }

    @Test
    void environmentOverridesKeysAndKnownNames() {
        var env = Map.of("CHAINWATCH_API_PORT", "4000", "DATABASE_URL", "jdbc:postgresql://db:5432/cw",
                "CHAINWATCH_EVM_CHAINS_0_CONFIRMATIONS", "3", "RPC_URL_PRIMARY", "https://node.example/v3/abcdef0123456789abcdef");
        ChainwatchConfig c = new ConfigLoader(env).parse(ISSUE_EXAMPLE, "test");
        assertThat(c.api().port()).isEqualTo(4000);
        assertThat(c.storage().url()).isEqualTo("jdbc:postgresql://db:5432/cw");
        assertThat(c.evm().chains().getFirst().confirmations()).isEqualTo(3);
        assertThat(c.evm().chains().getFirst().endpoints().getFirst().url().getHost()).isEqualTo("node.example");
    }

    @Test
    void badValueNamesKeyValueAndWhatIsAllowed() {
        String bad = ISSUE_EXAMPLE.replace("feeBps: 30", "feeBps: 30000");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(bad, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("evm.chains[0].dexes[0].feeBps: got 30000, allowed 0 to 9999");
    }

    @Test
    void maxResponseBytesDefaultsTo64MibAndIsChecked() {
        ChainwatchConfig c = new ConfigLoader(Map.of()).parse(ISSUE_EXAMPLE, "test");
        assertThat(c.evm().chains().getFirst().maxResponseBytes()).isEqualTo(64 * 1024 * 1024);
        ChainwatchConfig small = new ConfigLoader(Map.of()).parse(ISSUE_EXAMPLE.replace("confirmations: 0", "confirmations: 0\n      maxResponseBytes: 1048576"), "test");
        assertThat(small.evm().chains().getFirst().maxResponseBytes()).isEqualTo(1_048_576);
        String bad = ISSUE_EXAMPLE.replace("confirmations: 0", "confirmations: 0\n      maxResponseBytes: 100");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(bad, "test"))
                .hasMessage("evm.chains[0].maxResponseBytes: got 100, allowed 1024 to 1073741824");
    }

    @Test
    void missingEndpointsIsAnError() {
        String bad = "evm: { chains: [ { name: x, chainId: 1 } ] }";
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(bad, "test"))
                .hasMessage("evm.chains[0].endpoints: need at least one, got none");
    }

    @Test
    void unknownKeyIsRejectedNotIgnored() {
        String bad = ISSUE_EXAMPLE.replace("confirmations: 0", "confirmation: 0");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(bad, "test"))
                .hasMessageStartingWith("evm.chains[0].confirmation: unknown key");
    }

    @Test
    void badUrlIsNamedWithoutItsSecret() {
        String bad = ISSUE_EXAMPLE.replace("ws://127.0.0.1:8545", "ftp://host/v3/supersecretkey0123456789");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(bad, "test"))
                .hasMessageStartingWith("evm.chains[0].endpoints[0].url: got 'ftp://host/v3/***'")
                .hasMessageNotContaining("supersecret");
    }

    @Test
    void redactionRemovesUserInfoQueryValuesAndPathTokens() {
        assertThat(Redact.url("https://user:pw@host/rpc?api-key=s3cret&x=1")).isEqualTo("https://***@host/rpc?api-key=***&x=***");
        assertThat(Redact.url("wss://eth.provider.io/v2/AbCdEf0123456789xyZ")).isEqualTo("wss://eth.provider.io/v2/***");
        assertThat(Redact.url("http://127.0.0.1:8545")).isEqualTo("http://127.0.0.1:8545");
    }

    private static final String SOLANA = """
            solana:
              endpoints:
                - { url: "https://rpc.example/?api-key=secret123", kind: rpc, region: us, priority: 1 }
                - { url: "wss://rpc.example/", kind: ws, region: us, priority: 1 }
                - { url: "https://grpc.example:443", kind: grpc, region: eu, priority: 1, token: "x-token-secret" }
              commitment: { profile: aggressive, strategy: fixed }
              recovery: { batchSlots: 150, maxRetries: 7 }
            """;

    @Test
    void solanaSectionLoadsWithProfileDefaults() {
        ChainwatchConfig c = new ConfigLoader(Map.of()).parse(SOLANA, "test");
        SolanaConfig s = c.solana();
        assertThat(s.enabled()).isTrue();
        assertThat(s.profile()).isEqualTo(PerformanceProfile.AGGRESSIVE);
        assertThat(s.profile().commitment()).isEqualTo(Commitment.PROCESSED);
        assertThat(s.strategy()).isEqualTo(CommitmentStrategy.FIXED);
        assertThat(s.recovery()).isEqualTo(new SlotRecoveryConfig(true, 150, 7));
        assertThat(s.endpoints(SolanaEndpointKind.RPC).getFirst().endpoint().requestsPerSecond()).isEqualTo(100); // the profile's
        assertThat(s.programs()).containsExactly(SolanaConfig.PUMP_PROGRAM, SolanaConfig.PUMP_AMM_PROGRAM);
        assertThat(s.endpoints(SolanaEndpointKind.GRPC).getFirst().token()).isEqualTo("x-token-secret");
        assertThat(s.toString()).doesNotContain("x-token-secret").doesNotContain("secret123");
        assertThat(new ConfigLoader(Map.of()).parse(ISSUE_EXAMPLE, "test").solana().enabled()).isFalse();
    }

    @Test
    void solanaNamesUsersKnowOverrideTheFile() {
        var env = Map.of("GRPC_ENDPOINTS", "https://a.example:443, https://b.example:443", "GRPC_FAILOVER_ENABLED", "false",
                "GRPC_HEALTH_CHECK_INTERVAL", "5s", "COMMITMENT_STRATEGY", "adaptive", "PERFORMANCE_MODE", "conservative",
                "SLOT_RECOVERY_ENABLED", "false", "SLOT_RECOVERY_BATCH_SIZE", "20", "SLOT_RECOVERY_MAX_RETRIES", "3");
        SolanaConfig s = new ConfigLoader(env).parse(SOLANA, "test").solana();
        assertThat(s.endpoints(SolanaEndpointKind.GRPC)).extracting(e -> e.endpoint().url().getHost())
                .containsExactly("a.example", "b.example");
        assertThat(s.endpoints(SolanaEndpointKind.RPC)).hasSize(1);
        assertThat(s.grpcFailover()).isFalse();
        assertThat(s.grpcHealthCheckIntervalMs()).isEqualTo(5000);
        assertThat(s.strategy()).isEqualTo(CommitmentStrategy.ADAPTIVE);
        assertThat(s.profile()).isEqualTo(PerformanceProfile.CONSERVATIVE);
        assertThat(s.recovery()).isEqualTo(new SlotRecoveryConfig(false, 20, 3));
    }

    @Test
    void badSolanaValuesAreNamed() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("PERFORMANCE_MODE", "ludicrous")).parse(SOLANA, "test"))
                .hasMessage("solana.commitment.profile: got 'ludicrous', allowed aggressive, balanced or conservative");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(SOLANA.replace("kind: ws", "kind: rpc"), "test"))
                .hasMessage("solana.endpoints[1].url: got 'wss://rpc.example/' for kind rpc, allowed an http or https URL");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(SOLANA + "  programs: [\"not-base58-0OIl\"]\n", "test"))
                .hasMessage("solana.programs[0]: got 'not-base58-0OIl', allowed a base58 program id (32 to 44 characters)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("SLOT_RECOVERY_BATCH_SIZE", "0")).parse(SOLANA, "test"))
                .hasMessageStartingWith("solana.recovery.batchSlots: got 0");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("GRPC_HEALTH_CHECK_INTERVAL", "soon")).parse(SOLANA, "test"))
                .hasMessage("solana.grpc.healthCheckIntervalMs: got 'soon', allowed a duration such as 1000, 1000ms or 5s");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(SOLANA + "  accounts: { reconcileIntervalMs: 10ms }\n", "test"))
                .hasMessage("solana.accounts.reconcileIntervalMs: got 10 ms, allowed 0 (never) or 1000 ms to 86400000 ms");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(SOLANA + "  accounts: { subscribe: yes please }\n", "test"))
                .hasMessageStartingWith("solana.accounts.subscribe:");
    }

    private static final String RISK = """
            risk:
              maxDailyLoss: 1000
              maxTradeAmount: 10_000
              maxPositionSize: 0.05
              maxDrawdown: 0.10
              emergencyStopLoss: 5000
              maxConsecutiveLosses: 3
              cooldown: 900s
              autoResume: false
              budgets: { arb: 8000 }
            """;

    @Test
    void riskLimitsLoadAndTheNamesUsersKnowOverrideThem() {
        assertThat(new ConfigLoader(Map.of()).parse(SOLANA, "test").risk()).as("no section: nothing trades").isEmpty();
        RiskConfig r = new ConfigLoader(Map.of("MAX_DAILY_LOSS", "750.5", "MAX_POSITION_SIZE", "0.02", "MAX_DRAWDOWN", "0.2",
                "EMERGENCY_STOP_LOSS", "4000")).parse(RISK, "test").risk().orElseThrow();
        assertThat(r.maxDailyLoss()).isEqualByComparingTo("750.5");
        assertThat(r.maxTradeAmount()).isEqualByComparingTo("10000");
        assertThat(r.maxPositionShare()).isEqualTo(0.02);
        assertThat(r.maxDrawdown()).isEqualTo(0.2);
        assertThat(r.emergencyStopLoss()).isEqualByComparingTo("4000");
        assertThat(r.cooldownMs()).isEqualTo(900_000);
        assertThat(r.strategyBudgets()).containsOnlyKeys("arb");
    }

    @Test
    void aRiskLimitIsNeverDefaulted() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(RISK.replace("  maxDrawdown: 0.10\n", ""), "test"))
                .hasMessage("risk.maxDrawdown: missing: every risk limit must be set, none has a default");
        // One name from the environment makes a section of one limit: the others are missing, and that is said.
        assertThatThrownBy(() -> new ConfigLoader(Map.of("MAX_DAILY_LOSS", "100")).parse("", "test"))
                .hasMessage("risk.maxTradeAmount: missing: every risk limit must be set, none has a default");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("MAX_DAILY_LOSS", "-5")).parse(RISK, "test"))
                .hasMessage("risk.maxDailyLoss: got '-5', allowed an amount above 0");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(RISK.replace("budgets: { arb: 8000 }", "budgets: {}"), "test"))
                .hasMessageStartingWith("risk.budgets: missing");
    }

    @Test
    void accountSourcesAreOffUnlessAskedFor() {
        assertThat(new ConfigLoader(Map.of()).parse(SOLANA, "test").solana().accounts()).isEqualTo(SolanaAccountsConfig.DEFAULT);
        SolanaConfig s = new ConfigLoader(Map.of("CHAINWATCH_SOLANA_ACCOUNTS_SUBSCRIBE", "true"))
                .parse(SOLANA + "  accounts: { reconcileIntervalMs: 60s }\n", "test").solana();
        assertThat(s.accounts()).isEqualTo(new SolanaAccountsConfig(true, 60_000));
    }

    private static final String PROJECTION = RISK + """
              projection: { paths: 2000, horizon: 100, threshold: 0.05, tightenFactor: 0.5, intervalMs: 60s }
            """;

    @Test
    void theProjectionIsOffWithoutItsSectionAndWholeWithIt() {
        assertThat(new ConfigLoader(Map.of()).parse(RISK, "test").risk().orElseThrow().projection()).isEmpty();
        ProjectionConfig p = new ConfigLoader(Map.of("CHAINWATCH_RISK_PROJECTION_TIGHTENFACTOR", "0.25")).parse(PROJECTION, "test")
                .risk().orElseThrow().projection().orElseThrow();
        assertThat(p).isEqualTo(new ProjectionConfig(2000, 100, 0.05, 0.25, 60_000));
    }

    @Test
    void everyProjectionSettingIsRequiredAndChecked() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("threshold: 0.05, ", ""), "test"))
                .hasMessage("risk.projection.threshold: missing: every projection setting must be set once the section is there, "
                        + "none has a default (leave the section out for no projection)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("paths: 2000", "paths: 10"), "test"))
                .hasMessage("risk.projection.paths: got 10, allowed 100 to 1000000");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("paths: 2000, horizon: 100", "paths: 1000000, horizon: 1000"),
                "test")).hasMessage("risk.projection.paths: paths x horizon is 1000000 x 1000 = 1000000000, allowed at most 100000000 "
                + "(trades drawn in one run)");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("threshold: 0.05", "threshold: 1"), "test"))
                .hasMessageStartingWith("risk.projection.threshold: got 1.0, allowed a probability from 0 to below 1");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("tightenFactor: 0.5", "tightenFactor: 0"), "test"))
                .hasMessageStartingWith("risk.projection.tightenFactor: got 0.0, allowed above 0 and below 1");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("tightenFactor: 0.5", "tightenFactor: 1"), "test"))
                .hasMessageStartingWith("risk.projection.tightenFactor: got 1.0, allowed above 0 and below 1");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("intervalMs: 60s", "intervalMs: 10ms"), "test"))
                .hasMessage("risk.projection.intervalMs: got 10 ms, allowed 1000 ms to 86400000 ms");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(PROJECTION.replace("intervalMs: 60s", "intervalMs: 60s, seed: 7"), "test"))
                .hasMessageStartingWith("risk.projection.seed: unknown key");
    }

    private static final String TOKEN = "k3Y-0f-the-0perat0r_s4fe";

    @Test
    void theApiTokenComesFromTheEnvironmentAndIsNeverPrinted() {
        assertThat(new ConfigLoader(Map.of()).parse(ISSUE_EXAMPLE, "test").api().token()).as("none configured").isEmpty();
        ChainwatchConfig c = new ConfigLoader(Map.of("CHAINWATCH_API_TOKEN", TOKEN)).parse(ISSUE_EXAMPLE + RISK, "test");
        ApiToken token = c.api().token().orElseThrow();
        assertThat(token.matches(TOKEN)).isTrue();
        assertThat(token.matches(TOKEN + "x")).isFalse();
        assertThat(token.matches(TOKEN.substring(1))).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(c.toString()).contains("token=***").doesNotContain(TOKEN);
        assertThat(c.api().toString()).isEqualTo("ApiConfig[host=127.0.0.1, port=3002, token=***]");
        assertThat(token.toString()).doesNotContain(TOKEN);
        ChainwatchConfig fromFile = new ConfigLoader(Map.of()).parse(ISSUE_EXAMPLE.replace("api: { port: 3002 }",
                "api: { port: 3002, token: \"" + TOKEN + "\" }"), "test");
        assertThat(fromFile.api().token().orElseThrow().matches(TOKEN)).isTrue();
    }

    @Test
    void aShortOrOddApiTokenIsRefusedWithoutBeingPrinted() {
        String shortToken = "s3cr3t-but-15ch";
        assertThatThrownBy(() -> new ConfigLoader(Map.of("CHAINWATCH_API_TOKEN", shortToken)).parse(ISSUE_EXAMPLE, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("api.token: need a token of 16 to 1024 characters, got 15 characters (the token is not printed); "
                        + "set it with CHAINWATCH_API_TOKEN")
                .hasMessageNotContaining(shortToken);
        String spaced = "correct horse battery staple";
        assertThatThrownBy(() -> new ConfigLoader(Map.of("CHAINWATCH_API_TOKEN", spaced)).parse(ISSUE_EXAMPLE, "test"))
                .hasMessageStartingWith("api.token: the token may hold only visible ASCII characters (no spaces), found another at position 7")
                .hasMessageNotContaining("horse");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("CHAINWATCH_API_TOKEN", "")).parse(ISSUE_EXAMPLE, "test"))
                .hasMessageStartingWith("api.token: need a token of 16 to 1024 characters, got 0 characters");
    }
}
