package io.chainwatch.solana.feed;

import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;
import io.chainwatch.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.sim.solana.ProductionRecord;
import io.chainwatch.sim.solana.SimCurve;
import io.chainwatch.sim.solana.SolanaSimEndpoint;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.solana.PublicKey;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Solana feed built from the YAML a user writes, against a simulator the test drives, with its
 * store on the test's PostgreSQL; and the checks that compare what it stored with what the
 * simulator produced.
 */
final class SolanaRun implements AutoCloseable {
    private final Database database;
    private final SolanaFeed feed;
    private final SimpleMeterRegistry metrics;

    private SolanaRun(Database database, SolanaFeed feed, SimpleMeterRegistry metrics) {
        this.database = database;
        this.feed = feed;
        this.metrics = metrics;
    }

    SolanaFeed feed() {
        return feed;
    }

    /** A counter's value summed over its tags, 0 when it does not exist. */
    double counted(String name, String... tags) {
        return metrics.find(name).tags(tags).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** Listings (sweeps, or getBlocks far behind) answered or failed so far. */
    long listings() {
        return metrics.get("chainwatch_solana_listing").timer().count();
    }

    @Override
    public void close() {
        feed.close();
        database.close();
    }

    /** The YAML a user would write for these simulator endpoints: an rpc and a ws entry for each. */
    static String yaml(SolanaSimulator sim, String profile, String strategy, String jdbcUrl) {
        return yaml(sim, profile, strategy, jdbcUrl, List.of());
    }

    /** @param grpc the endpoints whose Yellowstone gRPC is configured too (with a token, as providers want) */
    static String yaml(SolanaSimulator sim, String profile, String strategy, String jdbcUrl, List<Integer> grpc) {
        return yaml(sim, profile, strategy, jdbcUrl, grpc, "");
    }

    /** @param solanaLines further lines of the solana section, indented by two spaces, each ending in a newline */
    static String yaml(SolanaSimulator sim, String profile, String strategy, String jdbcUrl, List<Integer> grpc, String solanaLines) {
        StringBuilder sb = new StringBuilder("solana:\n  commitment: { profile: ").append(profile).append(", strategy: ").append(strategy)
                .append(" }\n  recovery: { maxRetries: 3 }\n").append(solanaLines).append("  endpoints:\n");
        List<SolanaSimEndpoint> eps = sim.endpoints();
        for (int i : grpc) {
            sb.append("    - { kind: grpc, url: \"").append(eps.get(i).grpcUrl()).append("\", region: r").append(i)
                    .append(", priority: ").append(i + 1).append(", token: test-token-").append(i).append(", timeoutMs: 2000 }\n");
        }
        for (int i = 0; i < eps.size(); i++) {
            sb.append("    - { kind: rpc, url: \"").append(eps.get(i).httpUrl()).append("\", region: r").append(i)
                    .append(", priority: ").append(i + 1).append(", requestsPerSecond: 2000, timeoutMs: 2000 }\n");
            sb.append("    - { kind: ws, url: \"").append(eps.get(i).wsUrl()).append("\", region: r").append(i)
                    .append(", priority: ").append(i + 1).append(", timeoutMs: 2000 }\n");
        }
        sb.append("api: { host: 127.0.0.1, port: 0 }\n");
        sb.append("storage: { url: \"").append(jdbcUrl).append("\", user: postgres }\n");
        return sb.toString();
    }

    static SolanaRun start(SolanaSimulator sim, String profile, String strategy, String jdbcUrl) {
        return start(sim, profile, strategy, jdbcUrl, List.of());
    }

    static SolanaRun start(SolanaSimulator sim, String profile, String strategy, String jdbcUrl, List<Integer> grpc) {
        return startWith(yaml(sim, profile, strategy, jdbcUrl, grpc));
    }

    /** A feed on the configuration {@code yaml}. */
    static SolanaRun startWith(String yaml) {
        ChainwatchConfig config = new ConfigLoader(Map.of()).parse(yaml, "test");
        Database database = Database.open(config.storage());
        try {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            SolanaFeed feed = SolanaFeed.open(config.solana(), database.solanaStore(java.time.InstantSource.system()),
                    new java.util.SplittableRandom(1), java.time.InstantSource.system(), metrics);
            feed.start();
            return new SolanaRun(database, feed, metrics);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Produces {@code n} slots, one every {@code everyMs}, so that the feed meets them as it would a live cluster. */
    static void produce(SolanaSimulator sim, int n, long everyMs) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            sim.produceSlots(1);
            Thread.sleep(everyMs);
        }
    }

    /** The newest slot with a canonical block. */
    static long lastBlock(SolanaSimulator sim) {
        List<Long> produced = sim.productionRecord().slots(ProductionRecord.SlotStatus.PRODUCED);
        return produced.getLast();
    }

    /** What the chain was at its newest block, once that block is confirmed. */
    record Settled(long slot, List<SimCurve> curves) {
    }

    /**
     * Takes the curves as they are at the newest block, then passes just enough slots for that block
     * to be confirmed and no more: a feed at confirmed then settles on exactly that state.
     */
    static Settled settle(SolanaSimulator sim) throws InterruptedException {
        long last = lastBlock(sim);
        List<SimCurve> curves = sim.curves();
        while (sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED) < last) {
            sim.produceSlots(1);
            Thread.sleep(20);
        }
        return new Settled(last, curves);
    }

    static void await(String what, Duration timeout, BooleanSupplier done, java.util.function.Supplier<Object> state)
            throws InterruptedException {
        poll(what, timeout, done, state, () -> {
        });
    }

    /** {@link #await}, producing a slot at each look, so that the feed has something to show it by. */
    static void produceUntil(SolanaSimulator sim, String what, Duration timeout, BooleanSupplier done,
                             java.util.function.Supplier<Object> state) throws InterruptedException {
        poll(what, timeout, done, state, () -> sim.produceSlots(1));
    }

    private static void poll(String what, Duration timeout, BooleanSupplier done, java.util.function.Supplier<Object> state,
                             Runnable step) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; state: " + state.get());
            }
            step.run();
            Thread.sleep(50);
        }
    }

    /** Waits until the feed's checkpoint has reached {@code slot}. */
    static void awaitCheckpoint(SolanaFeed feed, long slot, Duration timeout) throws InterruptedException {
        await("the checkpoint to reach slot " + slot, timeout, () -> feed.status().checkpoint() >= slot, feed::status);
    }

    /** Waits until the feed's checkpoint has reached {@code slot} and the store's checkpoint with it. */
    static void awaitStored(SolanaFeed feed, String jdbcUrl, long slot) throws InterruptedException {
        awaitCheckpoint(feed, slot, Duration.ofSeconds(60));
        await("the store to catch up with slot " + slot, Duration.ofSeconds(10), () -> {
            try {
                return storedCheckpoint(jdbcUrl) >= slot;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, feed::status);
    }

    /** Live stored events per slot, for slots in {@code [from, to]}. */
    static Map<Long, Integer> storedEventsPerSlot(String jdbcUrl, long from, long to) throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement(
                     "SELECT slot, count(*) FROM solana_events WHERE NOT retracted AND slot BETWEEN ? AND ? GROUP BY slot")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    static long storedCheckpoint(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT slot FROM solana_checkpoints WHERE feed = 'pump'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /**
     * Every slot from {@code from} to {@code to} stored exactly as produced: a canonical block's
     * genuine events, each once; nothing live from a skipped or abandoned slot.
     */
    static void assertStoredExactly(SolanaSimulator sim, String jdbcUrl, long from, long to) throws SQLException {
        ProductionRecord record = sim.productionRecord();
        Map<Long, Integer> stored = storedEventsPerSlot(jdbcUrl, from, to);
        List<String> wrong = new ArrayList<>();
        long expectedTotal = 0;
        for (long slot = from; slot <= to; slot++) {
            int expected = record.status(slot) == ProductionRecord.SlotStatus.PRODUCED ? record.pumpEvents(slot) : 0;
            expectedTotal += expected;
            int got = stored.getOrDefault(slot, 0);
            if (got != expected) {
                wrong.add("slot " + slot + " (" + record.status(slot) + "): stored " + got + ", produced " + expected);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " slots stored wrong: " + wrong.subList(0, Math.min(10, wrong.size())));
        assertTrue(expectedTotal > 0, "the simulator produced no events in slots " + from + ".." + to + ": the check proves nothing");
    }

    /** The feed's curves equal {@code curves}, the simulator's at the slot the feed has settled on. */
    static void assertCurvesMatch(SolanaSimulator sim, List<SimCurve> curves, SolanaFeed feed, String jdbcUrl) throws Exception {
        assertTrue(!curves.isEmpty(), "the simulator has no curves");
        List<String> wrong = new ArrayList<>();
        for (SimCurve c : curves) {
            Optional<CurveView> v = feed.curve(PublicKey.of(c.mint().bytes())).get(5, TimeUnit.SECONDS);
            if (v.isEmpty()) {
                wrong.add(c.mint().base58() + " missing");
                continue;
            }
            var r = v.get().reserves();
            if (r.virtualSolReserves() != c.virtualSolReserves() || r.virtualTokenReserves() != c.virtualTokenReserves()
                    || r.realSolReserves() != c.realSolReserves() || r.realTokenReserves() != c.realTokenReserves()) {
                wrong.add(c.mint().base58() + ": book " + r + ", simulator " + c + ", stored trades " + lastTrades(jdbcUrl, c.mint().bytes()) + ", chain " + chainTrades(sim, c));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(5, wrong.size())), wrong.size() + " of " + curves.size() + " curves differ");
    }

    private static String chainTrades(SolanaSimulator sim, SimCurve c) {
        StringBuilder sb = new StringBuilder();
        for (long s = sim.productionRecord().firstSlot(); s <= sim.productionRecord().lastSlot(); s++) {
            var b = sim.block(s);
            if (b.isEmpty()) {
                continue;
            }
            for (var tx : b.get().transactions()) {
                for (var e : tx.events()) {
                    if (e instanceof io.chainwatch.sim.solana.PumpEvent.Trade t && t.mint().equals(c.mint())) {
                        sb.append('[').append(s).append('/').append(tx.index()).append(tx.failed() ? " failed" : "").append(" vsol=")
                                .append(t.virtualSolReserves()).append(" len=").append(t.layoutBytes()).append(" genuine=").append(e.isGenuine()).append(']');
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String lastTrades(String jdbcUrl, byte[] mint) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT slot, tx_index, event_index, kind, fields->>'virtual_sol_reserves', retracted"
                     + " FROM solana_events WHERE mint = ? ORDER BY slot DESC, tx_index DESC, event_index DESC LIMIT 3")) {
            ps.setBytes(1, mint);
            StringBuilder sb = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append('[').append(rs.getLong(1)).append('/').append(rs.getInt(2)).append('/').append(rs.getInt(3)).append(' ')
                            .append(rs.getString(4)).append(" vsol=").append(rs.getString(5)).append(rs.getBoolean(6) ? " retracted" : "")
                            .append(']');
                }
            }
            return sb.toString();
        }
    }

    static String describe(FeedStatus s) {
        return s.toString();
    }
}
