package io.chainwatch.sim.solana;

import io.chainwatch.sim.testing.RpcClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * A quick manual check, not a test and not a benchmark: the heap the slots made ahead take, per slot,
 * with the simulator configured as the Solana load run's process configures it
 * ({@code SimProcess.config} in the bench module, written out here: the sim module does not see it),
 * and the classes that take it. It measures the live heap after the slots are made (all waiting
 * ahead), and again after all are released into the ledger's history, each after a full collection,
 * and prints the class histogram of the live heap at both points. Before releasing them it lists
 * pump's and PumpSwap's signatures once, as the load run's feed does: the endpoint then indexes them
 * ({@code getSignaturesForAddress}) for every slot released, which the history holds as well. Run it
 * with the test classpath:
 * {@code java -Xmx4g -cp target/classes:target/test-classes:<deps> io.chainwatch.sim.solana.SlotsAheadHeapCheck [slots [tradesPerSlot [top]]]}
 * (10,000 slots, the load activity's 20 trades a slot, the top 25 classes by default).
 */
public final class SlotsAheadHeapCheck {
    private SlotsAheadHeapCheck() {
    }

    public static void main(String[] args) throws Exception {
        int slots = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int tradesPerSlot = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        long before = liveHeap();
        long madeFrom = System.nanoTime();
        // As SimProcess.config(slots, 0, max(16384, slots), 0, tradesPerSlot): load production, released only when asked.
        try (SolanaSimulator sim = SolanaSimulator.start(loadRunConfig(slots, Math.max(16_384, slots), tradesPerSlot))) {
            double madeSeconds = (System.nanoTime() - madeFrom) / 1e9;
            long ahead = liveHeap() - before;
            System.out.printf("%,d slots made ahead in %.1f s: %,d MB live, %,.1f KB a slot (%,d ahead)%n", slots, madeSeconds,
                    ahead >> 20, ahead / 1024.0 / slots, sim.slotsAhead());
            System.out.println(histogram(top));
            RpcClient rpc = new RpcClient(sim.endpoint(0).httpUrl());
            for (Pubkey program : List.of(SolanaPrograms.PUMP, SolanaPrograms.PUMP_AMM)) {
                rpc.result("getSignaturesForAddress", program.base58(), Map.of("limit", 1));
            }
            sim.produceSlots(slots);
            long released = liveHeap() - before;
            System.out.printf("%,d slots released into the history: %,d MB live, %,.1f KB a slot (%,d ahead)%n", slots, released >> 20,
                    released / 1024.0 / slots, sim.slotsAhead());
            System.out.println(histogram(top));
        }
    }

    /** {@code SimProcess.config} with {@code slotsPerSecond} 0 (load production): the slots wait until released. */
    private static SolanaSimConfig loadRunConfig(int aheadSlots, int historySlots, int tradesPerSlot) {
        SolanaSimConfig load = SolanaSimConfig.load(1).withHistorySlots(historySlots);
        if (tradesPerSlot > 0) {
            PumpActivity busier = load.activity().withTradesPerSlot(tradesPerSlot);
            load = load.withSubscriberQueueMessages(8 * SolanaSimConfig.maxMessagesPerSlot(busier)).withActivity(busier);
        }
        return load.withProduction(SlotProduction.load(aheadSlots));
    }

    private static long liveHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(Duration.ofMillis(200));
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The top {@code lines} of {@code jcmd <pid> GC.class_histogram}, asked of this JVM's own diagnostic command bean. */
    private static String histogram(int lines) throws Exception {
        String all = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String[] rows = all.split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(rows.length, lines + 2); i++) {
            out.append(rows[i]).append('\n');
        }
        return out.append(rows[rows.length - 1]).toString();
    }
}
