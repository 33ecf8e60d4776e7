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
        // Every block of the run is mined before the clock starts (about 3 s of CPU per 1,000 blocks of
        // 1,000 swaps), so the measured window holds serving the blocks and chainwatch, not making them.
        int blocks = (seconds + 30) * 50;
        try (EmbeddedPostgres pg = LoadRunSetup.postgres(); EvmSimulator sim = EvmSimulator.start(new SimConfig(1, 1, 1, 16, 1,
                BlockProduction.prepared(20, blocks), swapsPerBlock, 0.0, 1_000, RpcLimits.defaults(), InstantSource.system()))) {
            try (Chainwatch cw = LoadRunSetup.chainwatch(sim, List.of(sim.endpoint(0).wsUrl()), pg, 4)) {
                LoadRunSetup.await("first blocks", 120_000, () -> LoadRunSetup.status(cw).processed() > 20);
                Thread.sleep(10_000); // warm-up
                long events0 = LoadRunSetup.storedEvents(pg);
                long blocks0 = LoadRunSetup.status(cw).processed();
                long lag0 = LoadRunSetup.status(cw).lag();
                long offered0 = sim.canonicalLogCount();
                long t0 = System.nanoTime();
                long cpu0 = cpuNanos();
                long[] machine0 = machineTicks();
                Thread.sleep(seconds * 1000L);
                long events1 = LoadRunSetup.storedEvents(pg);
                long blocks1 = LoadRunSetup.status(cw).processed();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuNanos() - cpu0) / 1e9;
                long[] machine1 = machineTicks();
                double machineBusy = Runtime.getRuntime().availableProcessors()
                        * (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
                long offered = sim.canonicalLogCount() - offered0;
                System.out.printf("%d s: offered %.0f events/s, stored %d pool events (%.0f events/s), %d blocks, JVM CPU (chainwatch + simulator) %.1f s (%.2f cores), machine busy %.2f of %d cores, lag %d blocks at start, %d at end%n",
                        seconds, offered / elapsed, events1 - events0, (events1 - events0) / elapsed, blocks1 - blocks0, cpu, cpu / elapsed,
                        machineBusy, Runtime.getRuntime().availableProcessors(), lag0, LoadRunSetup.status(cw).lag());
            }
        }
        System.exit(0);
    }

    /** Busy and total jiffies of the whole machine from /proc/stat (idle and iowait count as not busy). */
    private static long[] machineTicks() throws java.io.IOException {
        String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
