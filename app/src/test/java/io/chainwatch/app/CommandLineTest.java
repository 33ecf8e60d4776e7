package io.chainwatch.app;

import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's contract: help, version, and exit code 2 with a named key on bad configuration. */
@Timeout(60)
class CommandLineTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run", "demo");
        Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("chainwatch ");
    }

    @Test
    void missingConfigFileExitsTwoNamingTheFile(@TempDir Path dir) {
        Run r = run("run", "--config", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--config", "nope.yaml");
    }

    @Test
    void badValueExitsTwoNamingKeyValueAndWhatIsAllowed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, Files.readString(ROOT.resolve("examples/chainwatch.yaml")).replace("confirmations: 0", "confirmations: -4"));
        Run r = run("run", "--config", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("evm.chains[0].confirmations: got -4, allowed 0 to 10000");
    }

    @Test
    void aSolanaSectionWithoutAStreamEndpointIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("solana.yaml");
        Files.writeString(f, Files.readString(ROOT.resolve("examples/chainwatch.yaml")) + """
                solana:
                  endpoints:
                    - { url: "http://127.0.0.1:8899", kind: rpc }
                """);
        Run r = run("run", "--config", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("solana.endpoints: need at least one endpoint of kind rpc").contains("got no ws");
    }

    @Test
    void missingRequiredOptionIsAUsageErrorWithCodeTwo() {
        assertThat(run("run").code()).isEqualTo(2);
        assertThat(run("no-such-command").code()).isEqualTo(2);
    }

    /** The README's yaml block that starts with {@code start}: it must be {@code file} word for word, and is returned. */
    private static String readmeExample(String start, String file) throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```yaml\\n(" + start + ".*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("a yaml block starting with %s", start).isTrue();
        String example = Files.readString(ROOT.resolve(file));
        assertThat(m.group(1)).isEqualTo(example);
        return example;
    }

    @Test
    void theReadmeConfigurationIsTheExampleFileAndLoads() throws Exception {
        String example = readmeExample("", "examples/chainwatch.yaml");
        ChainwatchConfig c = new ConfigLoader(Map.of()).parse(example, "README");
        assertThat(c.evm().chains().getFirst().endpoints()).hasSize(2);
        assertThat(c.evm().chains().getFirst().endpoints().get(1).requestsPerSecond()).isEqualTo(50);
    }

    @Test
    void theReadmeSolanaConfigurationIsTheExampleFileAndLoads() throws Exception {
        String example = readmeExample("solana:", "examples/chainwatch-solana.yaml");
        ChainwatchConfig c = new ConfigLoader(Map.of()).parse(example, "README");
        assertThat(c.solana().enabled()).isTrue();
        assertThat(c.solana().endpoints()).hasSize(2);
        assertThat(c.evm().chains()).isEmpty();
    }

    @Test
    void theReadmeTradingConfigurationIsTheExampleFileAndLoads() throws Exception {
        String example = readmeExample("# Arbitrage between", "examples/chainwatch-trading.yaml");
        ChainwatchConfig c = new ConfigLoader(Map.of()).parse(example, "README");
        assertThat(c.trading().orElseThrow().mode()).isEqualTo(io.chainwatch.core.config.TradingConfig.Mode.PAPER);
        assertThat(c.trading().get().live().orElseThrow().routers()).containsOnlyKeys("uniswap", "sushiswap");
        assertThat(c.risk().orElseThrow().strategyBudgets()).containsOnlyKeys("arb");
        // Live as documented: the same file with mode live loads too.
        assertThat(new ConfigLoader(Map.of()).parse(example.replace("mode: paper", "mode: live"), "README").trading().orElseThrow().mode())
                .isEqualTo(io.chainwatch.core.config.TradingConfig.Mode.LIVE);
    }

    @Test
    void theReadmeAlertsConfigurationIsTheExampleFileAndLoads() throws Exception {
        String example = readmeExample("# Alerts:", "examples/chainwatch-alerts.yaml");
        Map<String, String> env = Map.of("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX",
                "TWILIO_ACCOUNT_SID", "AC" + "0123456789abcdef".repeat(2), "TWILIO_AUTH_TOKEN", "twilio-auth-token-of-the-test");
        io.chainwatch.core.config.AlertsConfig alerts = new ConfigLoader(env).parse(example, "README").alerts();
        assertThat(alerts.channels()).extracting(io.chainwatch.core.config.AlertChannelConfig::name).containsExactly("slack", "pager", "log");
        assertThat(alerts.rules()).extracting(io.chainwatch.core.config.AlertRuleConfig::name)
                .containsExactly("SolanaSlotLagHigh", "EndpointBenched", "RiskHalted", "BigOpportunity");
        assertThat(alerts.routes()).hasSize(3);
        assertThat(alerts.toString()).doesNotContain("XXXXXXXXXXXXXXXX").doesNotContain("twilio-auth-token-of-the-test");
        // Without the variables it names, it refuses to start, naming them.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(example, "README"))
                .hasMessageContaining("SLACK_WEBHOOK_URL");
    }
}
