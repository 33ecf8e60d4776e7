package io.chainwatch.bench.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.sim.evm.BlockProduction;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.RpcLimits;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.store.EmbeddedPostgres;

import java.time.InstantSource;
import java.util.List;

/**
 * Load run: the simulator makes a block every 20 ms with 1,000 swaps (a Sync and a Swap log each,
 * about 100,000 logs a second), served over real loopback sockets (newHeads over WebSocket, headers
 * and logs over HTTP) to chainwatch and on to PostgreSQL. Reports pool events stored per second,
 * sustained after a warm-up, counted in the database itself, and whether chainwatch kept up.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.chainwatch.bench.evm.EndToEndLoadRun [seconds]}
 */
public final class EndToEndLoadRun {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int swapsPerBlock = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        try (EmbeddedPostgres pg = LoadRunSetup.postgres(); EvmSimulator sim = EvmSimulator.start(new SimConfig(1, 1, 1, 16, 1,
                BlockProduction.everyMs(20), swapsPerBlock, 0.0, 3_000, RpcLimits.defaults(), InstantSource.system()))) {
            try (Chainwatch cw = LoadRunSetup.chainwatch(sim, List.of(sim.endpoint(0).wsUrl()), pg, 4)) {
                LoadRunSetup.await("first blocks", 120_000, () -> LoadRunSetup.status(cw).processed() > 20);
                Thread.sleep(10_000); // warm-up
                long events0 = LoadRunSetup.storedEvents(pg);
                long blocks0 = LoadRunSetup.status(cw).processed();
                long t0 = System.nanoTime();
                long cpu0 = cpuNanos();
                Thread.sleep(seconds * 1000L);
                long events1 = LoadRunSetup.storedEvents(pg);
                long blocks1 = LoadRunSetup.status(cw).processed();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuNanos() - cpu0) / 1e9;
                long produced = sim.canonicalLogCount();
                System.out.printf("%d s: %d pool events stored (%.0f events/s), %d blocks, JVM CPU (chainwatch + simulator) %.1f s (%.2f cores), lag at end %d blocks, simulator logs so far %d%n",
                        seconds, events1 - events0, (events1 - events0) / elapsed, blocks1 - blocks0, cpu, cpu / elapsed,
                        LoadRunSetup.status(cw).lag(), produced);
            }
        }
        System.exit(0);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
