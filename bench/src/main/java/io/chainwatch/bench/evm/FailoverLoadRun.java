package io.chainwatch.bench.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.sim.evm.BlockProduction;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.sim.evm.SimEndpoint;
import io.chainwatch.store.EmbeddedPostgres;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Load run: kill the endpoint carrying the newHeads subscription, 20 times, while the simulator
 * makes a block every 20 ms; measure from the kill to the first block chainwatch processes after it
 * with its head coming from the successor. Before each kill, every endpoint is back in service (a
 * revived endpoint must pass a few scoring rounds first). Then check that no block was missed: every block from the
 * first to the checkpoint is stored, with the simulator's canonical hash.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.chainwatch.bench.evm.FailoverLoadRun [kills]}
 */
public final class FailoverLoadRun {
    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        SimConfig simConfig = SimConfig.manual(3).withEndpoints(3).withProduction(BlockProduction.everyMs(20));
        Histogram took = new Histogram(60_000_000_000L, 3);
        try (EmbeddedPostgres pg = LoadRunSetup.postgres(); EvmSimulator sim = EvmSimulator.start(simConfig)) {
            List<URI> urls = sim.endpoints().stream().map(SimEndpoint::wsUrl).toList();
            try (Chainwatch cw = LoadRunSetup.chainwatch(sim, urls, pg, 100)) {
                LoadRunSetup.await("catch-up", 60_000, () -> LoadRunSetup.status(cw).headSource().startsWith("websocket")
                        && LoadRunSetup.status(cw).caughtUp() && LoadRunSetup.status(cw).processed() > 10);
                for (int k = 0; k < kills; k++) {
                    ChainStatus before = LoadRunSetup.status(cw);
                    String active = before.headSource().substring("websocket:".length());
                    int index = Integer.parseInt(active.split("-")[1]);
                    long headAtKill = sim.head().number();
                    long start = System.nanoTime();
                    sim.endpoint(index).down();
                    LoadRunSetup.await("first block from the successor", 30_000, () -> {
                        ChainStatus s = LoadRunSetup.status(cw);
                        return s.processed() > headAtKill && !s.headSource().equals(before.headSource());
                    });
                    took.recordValue(System.nanoTime() - start);
                    System.out.printf("kill %2d: %-10s -> %-24s %7.1f ms%n", k + 1, active, LoadRunSetup.status(cw).headSource(),
                            (System.nanoTime() - start) / 1e6);
                    Thread.sleep(300);
                    sim.endpoint(index).up();
                    // The next kill measures failover to a healthy successor: wait until the revived
                    // endpoint has proven itself and is back in service (hysteresis takes a few rounds).
                    var revived = cw.chains().getFirst().endpoints().all().get(index);
                    LoadRunSetup.await("endpoint " + index + " back in service", 120_000, revived::usable);
                }
                long checkpoint = LoadRunSetup.status(cw).processed();
                Map<Long, String> stored = LoadRunSetup.storedBlocks(pg);
                long first = stored.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
                long missing = 0;
                long wrong = 0;
                for (long n = first; n <= checkpoint; n++) {
                    String hash = stored.get(n);
                    SimBlock canonical = sim.canonicalBlock(n).orElse(null);
                    if (hash == null) {
                        missing++;
                    } else if (canonical == null || !canonical.ref().hash().hex().equals(hash)) {
                        wrong++;
                    }
                }
                System.out.printf("kills: %d; kill -> first block from the successor: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", kills,
                        took.getValueAtPercentile(50) / 1e6, took.getValueAtPercentile(99) / 1e6, took.getMaxValue() / 1e6);
                System.out.printf("blocks %d..%d: %d stored, %d missing, %d with a non-canonical hash%n", first, checkpoint,
                        checkpoint - first + 1 - missing, missing, wrong);
            }
        }
        System.exit(0);
    }
}
