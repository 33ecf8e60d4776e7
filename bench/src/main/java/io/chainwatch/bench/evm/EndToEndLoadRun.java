package io.chainwatch.bench.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.store.EmbeddedPostgres;

import java.util.List;

/**
 * Load run: the simulator in load mode (blocks of 500 swaps, each a Sync and a Swap log, as fast as
 * they are taken) over real loopback sockets (newHeads over WebSocket, headers and logs over HTTP)
 * into chainwatch and on to PostgreSQL. Reports pool events stored per second, sustained, after a
 * warm-up, counted in the database itself.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.chainwatch.bench.evm.EndToEndLoadRun [seconds]}
 */
public final class EndToEndLoadRun {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        try (EmbeddedPostgres pg = LoadRunSetup.postgres(); EvmSimulator sim = EvmSimulator.start(SimConfig.load(1))) {
            try (Chainwatch cw = LoadRunSetup.chainwatch(sim, List.of(sim.endpoint(0).wsUrl()), pg, 20)) {
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
                System.out.printf("%d s: %d pool events stored (%.0f events/s), %d blocks, chainwatch JVM CPU %.1f s (%.2f cores), lag at end %d blocks%n",
                        seconds, events1 - events0, (events1 - events0) / elapsed, blocks1 - blocks0, cpu, cpu / elapsed,
                        LoadRunSetup.status(cw).lag());
            }
        }
        System.exit(0);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
