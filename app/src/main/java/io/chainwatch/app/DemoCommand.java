package io.chainwatch.app;

import io.chainwatch.core.Address;
import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.sim.evm.SimEndpoint;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimEndpoint;
import io.chainwatch.sim.solana.SolanaSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Runs everything on embedded defaults against the built-in simulators: an EVM chain with three
 * endpoints (two WebSocket, one HTTP), Uniswap V2 pools moved by swaps and an occasional reorg; and a
 * Solana cluster with three endpoints (each HTTP and WebSocket), pump.fun creates, trades and
 * completions, skipped slots and forks. One endpoint of each fails now and then.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs chainwatch on embedded defaults against a built-in chain simulator on loopback.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "3002", description = "API port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "chainwatch-data/demo",
            description = "Folder for the demo's embedded database; emptied at start, since every demo chain is new (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds (0: run until stopped)")
    long durationSeconds;

    @Option(names = "--seed", defaultValue = "7", description = "Simulator seed")
    long seed;

    @Option(names = "--sample-interval", defaultValue = "2",
            description = "Seconds between performance samples (default ${DEFAULT-VALUE}: the demo's figures move quickly)")
    long sampleSeconds;

    @Override
    public Integer call() throws Exception {
        wipe(dataDir);
        try (EvmSimulator sim = EvmSimulator.start(SimConfig.demo(seed));
             SolanaSimulator solanaSim = SolanaSimulator.start(SolanaSimConfig.demo(seed))) {
            ChainwatchConfig config = new ConfigLoader(System.getenv()).parse(yaml(sim, solanaSim), "demo");
            try (Chainwatch cw = Chainwatch.start(config)) {
                String base = "http://127.0.0.1:" + cw.apiPort();
                System.out.println("""
                        chainwatch demo is running against a simulated EVM chain (3 endpoints, %d pools, a block every 250 ms)
                        and a simulated Solana cluster (3 endpoints, pump.fun activity, a slot every 400 ms, skipped slots, forks).
                          dashboard:  %s/
                          pools:      %s/api/v1/evm/pools
                          curves:     %s/api/v1/solana/curves?status=trading&limit=10
                          health:     %s/api/v1/performance/health
                          endpoints:  %s/api/v1/performance/endpoints
                          performance: %s/api/v1/performance/metrics   (history: %s/api/v1/performance/history?step=1m)
                          trading:    %s/api/v1/opportunities?limit=5   (paper: %s/api/v1/trades, %s/api/v1/risk)
                          alerts:     %s/api/v1/alerts/active   (history: %s/api/v1/alerts?limit=20)
                          metrics:    %s/metrics
                        EVM endpoint 2 and Solana endpoint 2 fail now and then; watch them get benched and come back. Ctrl-C stops.
                        """.formatted(sim.pairs().size(), base, base, base, base, base, base, base, base, base, base, base, base, base));
                System.out.flush();
                sim.startMildChaos(2, java.time.Duration.ofSeconds(20));
                solanaSim.startMildChaos(2, java.time.Duration.ofSeconds(20));
                if (durationSeconds > 0) {
                    Thread.sleep(durationSeconds * 1000);
                } else {
                    cw.awaitShutdown();
                }
            }
        }
        return 0;
    }

    private String yaml(EvmSimulator sim, SolanaSimulator solana) {
        List<SimEndpoint> eps = sim.endpoints();
        StringBuilder dexes = new StringBuilder();
        List<Address> factories = sim.factories();
        // Paper trading holds the hub token every simulated pair has (as WETH is on mainnet), and values gas and
        // profit in it one for one (the demo has no USDC).
        Address first0 = sim.pairs().getFirst().token0();
        Address start = sim.pairs().stream().allMatch(p -> p.token0().equals(first0) || p.token1().equals(first0)) ? first0
                : sim.pairs().getFirst().token1();
        for (int i = 0; i < factories.size(); i++) {
            dexes.append("        - { name: uni-").append((char) ('a' + i)).append(", kind: uniswap-v2, factory: \"")
                    .append(factories.get(i).hex()).append("\", feeBps: 30, startBlock: 0 }\n");
        }
        return """
                evm:
                  chains:
                    - name: demo
                      chainId: %d
                      confirmations: 0
                      pollIntervalMs: 500
                      endpoints:
                        - { url: "%s", region: eu, priority: 1 }
                        - { url: "%s", region: us, priority: 2 }
                        - { url: "%s", region: ap, priority: 3 }
                      dexes:
                %s
                solana:
                  commitment: { profile: balanced, strategy: adaptive }
                  accounts: { subscribe: true, reconcileIntervalMs: 30s }
                  endpoints:
                %s
                risk:
                  maxDailyLoss: 10000
                  maxTradeAmount: 50000
                  maxPositionSize: 0.10
                  maxDrawdown: 0.20
                  emergencyStopLoss: 50000
                  maxConsecutiveLosses: 5
                  cooldown: 60s
                  autoResume: true
                  budgets: { arb: 200000 }
                trading:
                  chain: demo
                  mode: paper
                  startEquity: 1000000
                  startTokens: ["%s"]
                  nativeToken: "%s"
                  usdToken: "%s"
                  usdDecimals: 18
                api: { port: %d }
                performance: { sampleInterval: %ds }
                storage: { url: embedded, dataDir: "%s" }
                """.formatted(sim.config().chainId(), eps.get(0).wsUrl(), eps.get(1).httpUrl(), eps.get(2).wsUrl(), dexes,
                solanaEndpoints(solana), start.hex(), start.hex(), start.hex(), port, sampleSeconds, dataDir.toString().replace("\\", "/"));
    }

    /** Each simulated Solana endpoint serves both transports: an rpc and a ws entry per endpoint. */
    private static String solanaEndpoints(SolanaSimulator solana) {
        String[] regions = {"eu", "us", "ap"};
        StringBuilder sb = new StringBuilder();
        List<SolanaSimEndpoint> eps = solana.endpoints();
        for (int i = 0; i < eps.size(); i++) {
            String region = regions[i % regions.length];
            sb.append("    - { kind: rpc, url: \"").append(eps.get(i).httpUrl()).append("\", region: ").append(region)
                    .append(", priority: ").append(i + 1).append(" }\n");
            sb.append("    - { kind: ws, url: \"").append(eps.get(i).wsUrl()).append("\", region: ").append(region)
                    .append(", priority: ").append(i + 1).append(" }\n");
        }
        return sb.toString();
    }

    private static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the demo data folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
