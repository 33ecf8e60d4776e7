package io.chainwatch.bench.solana;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;
import io.chainwatch.sim.solana.SlotProduction;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.solana.feed.FeedStatus;
import io.chainwatch.solana.feed.SolanaFeed;
import io.chainwatch.store.EmbeddedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Load run for the Solana feed: the simulator produces slots as fast as its subscribers read
 * ({@link SolanaSimConfig#load}: one endpoint, 20 trades a slot), served over real loopback sockets
 * (logsSubscribe and slotSubscribe over WebSocket; getSlot, getSignaturesForAddress, getBlocks and,
 * where the stream missed something, getBlock over HTTP) to chainwatch
 * and on to PostgreSQL. Reports, each second after a warm-up, the logsNotifications the feed read
 * and the slots it stored (checkpoint moves); prints the medians and the lag at the end.
 *
 * <p>The simulator runs in a process of its own ({@link SimProcess}; {@code -Dsim.inProcess=true} runs it in
 * this one, as runs before 2026-12-04's last did), on the same cores as chainwatch: its CPU is counted
 * with chainwatch's, its heap and collections are not chainwatch's. So that the run measures
 * chainwatch and not the making of pump.fun transactions, the simulator makes {@code aheadSlots}
 * slots before chainwatch starts ({@link SlotProduction.Load} with slots ahead) and hands them out
 * first, as fast as the feed reads (by default 4,000 for each second of warm-up and window, what
 * the feed reads at 80,000 notifications a second); what is left of them at the end is printed: at
 * zero, the last part of the window ran on slots made live, and the run wants more slots ahead
 * (and heap: about 30 KB a slot, since 2026-12-05). The simulator keeps as many slots of history, so that no block
 * the feed may still sweep or read whole is gone before it does.
 *
 * <p>With {@code slotsPerSecond}, the slots are released at that fixed rate instead ({@link SlotProduction.Prepared},
 * from when the simulator serves, after making them): an open-loop run, which tells whether the feed sustains a given
 * rate (its lag stays flat) where the default closed loop tells how fast it reads. Its subscriber then has about a
 * second of notifications of room in the simulator's queue ({@link SimProcess#config}); a reader that falls further
 * behind is dropped, as a node drops one. The warm-up then runs as fast as the feed reads but for its last 10 s, which
 * run at the fixed rate: the window measures whether a warm feed sustains the rate, not whether a cold one survives it.
 *
 * <p>Usage: {@code java -Xmx6g -Xms6g -XX:+AlwaysPreTouch -XX:NewRatio=1 [-Dwarmup=10] [-Dsim.inProcess=false] [-Dsim.heap=8g]
 * [-Dsim.jvm="-XX:+UseParallelGC -Xmn3g -Xms8g -XX:+AlwaysPreTouch"]
 * -cp bench/target/benchmarks.jar io.chainwatch.bench.solana.SolanaIngestLoadRun [seconds [aheadSlots [slotsPerSecond]]]}
 */
public final class SolanaIngestLoadRun {
    /** Slots made ahead for each second of warm-up and window: what the feed reads at 80,000 notifications a second. */
    private static final int AHEAD_SLOTS_PER_SECOND = 4_000;
    /** The warm-up before the window, {@code -Dwarmup=} seconds: 10 by default; at 10 s the JIT still compiles through the window. */
    private static final int WARM_UP_SECONDS = Integer.getInteger("warmup", 10);
    private static final int MIN_HISTORY_SLOTS = 16_384;
    /** In an open-loop run, the seconds at the fixed rate before the window; the warm-up before them runs as fast as read. */
    private static final int OPEN_LOOP_SETTLE_SECONDS = 10;
    /** The stretch of seconds whose lowest mean rate is printed beside the median and the mean. */
    private static final int STRETCH_SECONDS = 5;
    /** Trades a slot, {@code -Dtrades=}: 0 keeps {@link SolanaSimConfig#load}'s 20. */
    private static final int TRADES_PER_SLOT = Integer.getInteger("trades", 0);

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int aheadSlots = args.length > 1 ? Integer.parseInt(args[1]) : (WARM_UP_SECONDS + seconds + 5) * AHEAD_SLOTS_PER_SECOND;
        int slotsPerSecond = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        // History as long as the slots made ahead costs no heap at the peak (a released slot moves from one to the other),
        // and keeps every block of the run for the feed's sweeps and whole-block reads, however far it falls behind.
        int historySlots = Math.max(MIN_HISTORY_SLOTS, aheadSlots);
        int simWarmUp = slotsPerSecond > 0 ? Math.max(0, WARM_UP_SECONDS - OPEN_LOOP_SETTLE_SECONDS) : 0;
        long madeFrom = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.scratch("solana-load");
             Sim sim = Boolean.getBoolean("sim.inProcess") ? Sim.inProcess(aheadSlots, slotsPerSecond, historySlots, simWarmUp)
                     : SimProcess.start(aheadSlots, slotsPerSecond, historySlots, simWarmUp, TRADES_PER_SLOT,
                     System.getProperty("sim.heap", "8g"))) {
            PgSettings.apply(pg.jdbcUrl(), System.getProperty("pg.set", ""));
            System.out.printf("simulator (%s): %,d slots made ahead in %.1f s%n", sim.where(), sim.slotsAhead(),
                    (System.nanoTime() - madeFrom) / 1e9);
            // The flags go with the numbers: without -Xms equal to -Xmx and -XX:+AlwaysPreTouch the heap's first touches
            // land in the window, and on this VM they cost as much as the work measured.
            System.out.println("chainwatch's JVM: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
            String yaml = """
                    solana:
                      commitment: { profile: balanced, strategy: fixed }
                      endpoints:
                        - { kind: rpc, url: "%s", requestsPerSecond: 100000, timeoutMs: 5000 }
                        - { kind: ws, url: "%s", timeoutMs: 5000 }
                    api: { host: 127.0.0.1, port: 0 }
                    storage: { url: "%s", user: postgres }
                    """.formatted(sim.httpUrl(), sim.wsUrl(), pg.jdbcUrl());
            ChainwatchConfig config = new ConfigLoader(Map.of()).parse(yaml, "load run");
            try (Chainwatch cw = Chainwatch.start(config)) {
                SolanaFeed feed = cw.solana().orElseThrow();
                long until = System.nanoTime() + 60_000_000_000L;
                while (feed.status().checkpoint() < 0 || feed.status().stream() == null) {
                    if (System.nanoTime() > until) {
                        throw new IllegalStateException("the feed did not start: " + feed.status());
                    }
                    Thread.sleep(50);
                }
                Thread.sleep(WARM_UP_SECONDS * 1_000L);
                // For a profile of the window alone: JFR's delay is this uptime (making slots ahead takes a while).
                System.out.printf("window: %d s from JVM uptime %.1f s%n", seconds, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                List<Double> notifications = new ArrayList<>();
                List<Double> slots = new ArrayList<>();
                FeedStatus before = feed.status();
                FeedStatus start = before;
                String pgDir = pg.dataDir().toString();
                PgActivity pgStart = PgActivity.now(pg.jdbcUrl());
                CpuUse cpuStart = CpuUse.now(pgDir, sim.pid());
                Paces pacesStart = Paces.of(cw.metrics());
                long t = System.nanoTime();
                long t0 = t;
                for (int i = 0; i < seconds; i++) {
                    Thread.sleep(1_000);
                    FeedStatus now = feed.status();
                    long tn = System.nanoTime();
                    double dt = (tn - t) / 1e9;
                    notifications.add((now.streamMessages() - before.streamMessages()) / dt);
                    slots.add((now.checkpoint() - before.checkpoint()) / dt);
                    before = now;
                    t = tn;
                }
                double elapsed = (t - t0) / 1e9;
                CpuUse cpuEnd = CpuUse.now(pgDir, sim.pid());
                Paces pacesEnd = Paces.of(cw.metrics());
                PgActivity pgEnd = PgActivity.now(pg.jdbcUrl());
                FeedStatus end = feed.status();
                long stored = end.storedEvents() - start.storedEvents();
                double perSecond = stored / elapsed;
                System.out.printf("%d s: notifications read %.0f/s median (%.0f/s mean, slowest %d s %.0f/s), slots stored %.0f/s median, "
                                + "events stored %d (%.0f/s), lag at end %d slots (tip %d, checkpoint %d), lost %d, coverage %.4f, "
                                + "slots settled from the stream %d, read whole %d, slots made ahead left %d%n",
                        seconds, median(notifications), (end.streamMessages() - start.streamMessages()) / elapsed,
                        Math.min(STRETCH_SECONDS, seconds), slowestStretch(notifications, STRETCH_SECONDS), median(slots),
                        stored, perSecond,
                        end.lagSlots(), end.levelTip(), end.checkpoint(), end.lost(), end.coverage(),
                        end.fromStream() - start.fromStream(), end.fromBlocks() - start.fromBlocks(), sim.slotsAhead());
                double cores = cpuEnd.jvmCores(cpuStart, elapsed) + cpuEnd.postgresCores(cpuStart, elapsed) + cpuEnd.simCores(cpuStart, elapsed);
                System.out.printf("cpu in the window: %s; events stored per CPU-second of the JVM, the simulator and PostgreSQL: %.0f%n",
                        cpuEnd.since(cpuStart, elapsed), perSecond / cores);
                System.out.printf("cpu per event stored: chainwatch's JVM%s %.1f µs, PostgreSQL %.1f µs%s%n",
                        sim.pid() == 0 ? " (the simulator in it)" : "", cpuEnd.jvmCores(cpuStart, elapsed) / perSecond * 1e6,
                        cpuEnd.postgresCores(cpuStart, elapsed) / perSecond * 1e6,
                        sim.pid() == 0 ? "" : String.format(", the simulator %.1f µs", cpuEnd.simCores(cpuStart, elapsed) / perSecond * 1e6));
                System.out.println("PostgreSQL in the window: " + pgEnd.since(pgStart, stored));
                System.out.println("what paced the feed in the window: " + pacesEnd.since(pacesStart, elapsed));
            }
        }
        System.exit(0);
    }

    /** The simulator the run reads from, in this process or its own ({@link SimProcess}). */
    interface Sim extends AutoCloseable {
        String where();

        String httpUrl();

        String wsUrl();

        int slotsAhead() throws java.io.IOException;

        /** Its own process's id; 0 in this process, where the JVM's CPU time counts it. */
        long pid();

        @Override
        void close() throws java.io.IOException;

        static Sim inProcess(int aheadSlots, int slotsPerSecond, int historySlots, int warmUpSeconds) {
            return new InProcess(SolanaSimulator.start(SimProcess.config(aheadSlots, slotsPerSecond, historySlots, warmUpSeconds,
                    TRADES_PER_SLOT)));
        }
    }

    private record InProcess(SolanaSimulator sim) implements Sim {
        public String where() {
            return "in this process";
        }

        public String httpUrl() {
            return sim.endpoint(0).httpUrl().toString();
        }

        public String wsUrl() {
            return sim.endpoint(0).wsUrl().toString();
        }

        public int slotsAhead() {
            return sim.slotsAhead();
        }

        public long pid() {
            return 0;
        }

        public void close() {
            sim.close();
        }
    }

    /**
     * What PostgreSQL's statistics say it did: transactions committed, WAL written (full-page images apart), checkpoints,
     * and autovacuum and autoanalyze runs on our tables. Its statistics reach these views within a second or so.
     */
    private record PgActivity(long commits, long walBytes, long walFullPages, long checkpoints, long autovacuums, long autoanalyzes) {
        static PgActivity now(String jdbcUrl) throws java.sql.SQLException {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", null);
                 java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), "
                         + "w.wal_bytes, w.wal_fpi, (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter), "
                         + "(SELECT coalesce(sum(autovacuum_count), 0) FROM pg_stat_user_tables), "
                         + "(SELECT coalesce(sum(autoanalyze_count), 0) FROM pg_stat_user_tables) FROM pg_stat_wal w")) {
                rs.next();
                return new PgActivity(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
        }

        String since(PgActivity start, long events) {
            long e = Math.max(1, events);
            return String.format("%d commits, WAL %.0f bytes an event (%d full-page images), %d checkpoints, %d autovacuums, "
                            + "%d autoanalyzes", commits - start.commits, (walBytes - start.walBytes) / (double) e,
                    walFullPages - start.walFullPages, checkpoints - start.checkpoints, autovacuums - start.autovacuums,
                    autoanalyzes - start.autoanalyzes);
        }
    }

    /**
     * PostgreSQL settings for the run, {@code -Dpg.set=name=value,name=value}, set with {@code ALTER SYSTEM} and a reload
     * (so only settings a reload applies, such as {@code max_wal_size} and {@code checkpoint_timeout}), and printed.
     */
    private static final class PgSettings {
        static void apply(String jdbcUrl, String settings) throws java.sql.SQLException {
            if (settings.isBlank()) {
                return;
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", null);
                 java.sql.Statement st = c.createStatement()) {
                for (String setting : settings.trim().split("[\\s,]+")) {
                    int eq = setting.indexOf('=');
                    if (eq <= 0 || !setting.substring(0, eq).matches("[a-z_]+")) {
                        throw new IllegalArgumentException("-Dpg.set: expected name=value, got " + setting);
                    }
                    st.execute("ALTER SYSTEM SET " + setting.substring(0, eq) + " = '" + setting.substring(eq + 1).replace("'", "''") + "'");
                }
                st.execute("SELECT pg_reload_conf()");
            }
            System.out.println("PostgreSQL settings for this run: " + settings.trim());
        }
    }

    /** The feed's own account of what held it back: the reader's waits by cause, and the listings' time. */
    private record Paces(double waitsForSlots, double waitsForInputs, double waitsForRows, long listings, double listingSeconds) {
        static Paces of(MeterRegistry metrics) {
            Timer listing = metrics.get("chainwatch_solana_listing").timer();
            return new Paces(waits(metrics, "unsettled_slots"), waits(metrics, "waiting_inputs"), waits(metrics, "unstored_rows"),
                    listing.count(), listing.totalTime(TimeUnit.SECONDS));
        }

        private static double waits(MeterRegistry metrics, String waitedFor) {
            return metrics.get("chainwatch_solana_stream_backpressure_waits_total").tag("waited_for", waitedFor).counter().count();
        }

        String since(Paces start, double seconds) {
            long n = listings - start.listings;
            return String.format("the stream's reader held back %.0f %% of the time (unsettled slots %.0f ms, waiting inputs %.0f ms, "
                            + "unstored rows %.0f ms); %d listings, %.1f ms each on average, busy %.0f %% of the time",
                    (waitsForSlots + waitsForInputs + waitsForRows - start.waitsForSlots - start.waitsForInputs - start.waitsForRows)
                            / seconds / 10, waitsForSlots - start.waitsForSlots, waitsForInputs - start.waitsForInputs,
                    waitsForRows - start.waitsForRows, n, n == 0 ? 0 : (listingSeconds - start.listingSeconds) * 1e3 / n,
                    (listingSeconds - start.listingSeconds) / seconds * 100);
        }
    }

    /** The lowest mean of {@code n} seconds running in the samples (one a second): how low the rate held, beyond a second's bursts. */
    private static double slowestStretch(List<Double> perSecond, int n) {
        int k = Math.min(n, perSecond.size());
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += perSecond.get(i);
        }
        double lowest = sum;
        for (int i = k; i < perSecond.size(); i++) {
            sum += perSecond.get(i) - perSecond.get(i - k);
            lowest = Math.min(lowest, sum);
        }
        return k == 0 ? 0 : lowest / k;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
