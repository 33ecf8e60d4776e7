package io.chainwatch.store;

import io.chainwatch.core.U256;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Load benchmark, not a test; skipped unless asked for:
 * {@code mvn -q -pl store -am test -Dtest=SolanaStoreLoadBench -Dchainwatch.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, then see the "BENCH" lines in
 * {@code store/target/surefire-reports/io.chainwatch.store.SolanaStoreLoadBench-output.txt}.
 * Options: {@code -Dbench.commits=100 -Dbench.slots=10 -Dbench.events=500 -Dbench.mints=1000
 * -Dbench.rounds=2 -Dbench.dir=<keep the data here>}.
 *
 * <p>Every commit holds {@code slots x events} TradeEvents with their 266 bytes, the curve rows of the mints they
 * touched, and the checkpoint. Prints the wall-clock rate and the CPU spent per event by the committing thread and
 * by all postgres processes (see {@link EvmStoreLoadBench}).
 */
@Timeout(1200)
@EnabledIfSystemProperty(named = "chainwatch.bench", matches = "true")
class SolanaStoreLoadBench {
    static final int COMMITS = Integer.getInteger("bench.commits", 100);
    static final int SLOTS_PER_COMMIT = Integer.getInteger("bench.slots", 10);
    static final int EVENTS_PER_SLOT = Integer.getInteger("bench.events", 500);
    static final int MINTS = Integer.getInteger("bench.mints", 1000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final int TRADE_EVENT_BYTES = 266;

    @TempDir
    Path dir;

    @Test
    void commitReplayAndUpgrade() throws Exception {
        try (Database db = Database.open(new StorageConfig("embedded", null, null,
                System.getProperty("bench.dir") != null ? Path.of(System.getProperty("bench.dir")) : Fixtures.traversable(dir)))) {
            SolanaStore store = db.solanaStore(InstantSource.system());
            long slot = 300_000_000L;
            for (int round = 0; round < ROUNDS; round++) {
                List<SolanaStore.SlotCommit> commits = commits("round" + round, slot, round);
                report("commit (COPY fast path) round " + round, run(store, commits));
                if (round == 0) {
                    // The same commits again, as after a restart: every event is stored already.
                    report("replayed commit (staging + ON CONFLICT)", run(store, commits));
                    long t0 = System.nanoTime();
                    long cpu0 = BenchCpu.postgresCpuNanos();
                    long raised = 0;
                    for (SolanaStore.SlotCommit c : commits) {
                        long last = c.checkpointSlot();
                        store.upgradeCommitment(last - SLOTS_PER_COMMIT + 1, last, Commitment.CONFIRMED);
                        raised += c.events().size(); // every event of the bench is stored at processed
                    }
                    long nanos = System.nanoTime() - t0;
                    System.out.printf("BENCH upgradeCommitment to confirmed: %,.0f events/s wall, server %.2f us per event (%,d events, "
                            + "%d calls of %d slots)%n", raised * 1e9 / nanos, (BenchCpu.postgresCpuNanos() - cpu0) / 1e3 / raised, raised,
                            commits.size(), SLOTS_PER_COMMIT);
                }
                slot += (long) COMMITS * SLOTS_PER_COMMIT;
            }
            System.out.printf("BENCH curves stored: %,d%n", store.curves(null, Integer.MAX_VALUE).size());
        }
    }

    record Result(long events, double eventsPerSecond, double clientMicrosPerEvent, double serverMicrosPerEvent) {
    }

    private static void report(String what, Result r) {
        System.out.printf("BENCH %s: %,.0f events/s wall; CPU per event: client %.2f us + server %.2f us = %.2f us "
                        + "(=> %,.0f events/s per core) (%d commits x %d slots x %d events, curves of %d mints)%n", what, r.eventsPerSecond(),
                r.clientMicrosPerEvent(), r.serverMicrosPerEvent(), r.clientMicrosPerEvent() + r.serverMicrosPerEvent(),
                1e6 / (r.clientMicrosPerEvent() + r.serverMicrosPerEvent()), COMMITS, SLOTS_PER_COMMIT, EVENTS_PER_SLOT, MINTS);
    }

    private static Result run(SolanaStore store, List<SolanaStore.SlotCommit> commits) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        long serverCpu0 = BenchCpu.postgresCpuNanos();
        long clientCpu = 0;
        long nanos = 0;
        long events = 0;
        for (SolanaStore.SlotCommit c : commits) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            store.commit(c);
            clientCpu += threads.getCurrentThreadCpuTime() - c0;
            nanos += System.nanoTime() - t0;
            events += c.events().size();
        }
        long serverCpu = BenchCpu.postgresCpuNanos() - serverCpu0;
        return new Result(events, events * 1e9 / nanos, clientCpu / 1e3 / events, serverCpu / 1e3 / events);
    }

    /** The commits of one round, made before the clock starts. */
    private static List<SolanaStore.SlotCommit> commits(String feed, long firstSlot, int round) {
        SplittableRandom random = new SplittableRandom(7 + round);
        Map<Integer, CurveRow> curves = new LinkedHashMap<>();
        List<SolanaStore.SlotCommit> out = new ArrayList<>(COMMITS);
        long slot = firstSlot;
        for (int c = 0; c < COMMITS; c++) {
            List<SolanaEventRow> events = new ArrayList<>(SLOTS_PER_COMMIT * EVENTS_PER_SLOT);
            curves.clear();
            for (int s = 0; s < SLOTS_PER_COMMIT; s++, slot++) {
                for (int i = 0; i < EVENTS_PER_SLOT; i++) {
                    int m = random.nextInt(MINTS);
                    SolanaPubkey mint = SolanaFixtures.key(round, m);
                    SolanaSignature signature = new SolanaSignature(random.nextLong(), random.nextLong(), random.nextLong(),
                            random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                    long sol = random.nextLong(1_000_000_000_000L);
                    long tokens = random.nextLong(100_000_000_000_000L);
                    boolean buy = random.nextBoolean();
                    SolanaPubkey trader = SolanaFixtures.key(round + 1000, i);
                    events.add(new SolanaEventRow(signature, 0, slot, i, SolanaFixtures.SOME_TIME, SolanaFixtures.PUMP, "pump", "TradeEvent",
                            Commitment.PROCESSED, mint, new SolanaEventRow.Trade(trader, sol, tokens, buy),
                            eventBytes(random, mint, sol, tokens, buy, trader)));
                    curves.put(m, new CurveRow(mint, CurveRow.Status.TRADING, SolanaFixtures.key(77, m), 1_000_000_000_000_000L - tokens,
                            30_000_000_000L + sol, 793_100_000_000_000L - tokens, sol, 1_000_000_000_000_000L, false, U256.of(sol),
                            U256.of(sol / 2), c + 1, firstSlot, new CurveRow.LastTrade(slot, signature), slot));
                }
            }
            out.add(new SolanaStore.SlotCommit(feed, slot - 1, events, List.copyOf(curves.values()), List.of()));
        }
        return out;
    }

    /** A TradeEvent's bytes as mainnet's current layout has them: 266 with the discriminator, the trade where the layout has it. */
    private static byte[] eventBytes(SplittableRandom random, SolanaPubkey mint, long sol, long tokens, boolean buy, SolanaPubkey trader) {
        byte[] data = new byte[TRADE_EVENT_BYTES];
        random.nextBytes(data);
        byte[] start = SolanaFixtures.tradeEventBytes(mint, sol, tokens, buy, trader, 0);
        System.arraycopy(start, 0, data, 0, start.length - Long.BYTES);
        return data;
    }
}
