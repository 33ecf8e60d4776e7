package io.chainwatch.systemtest.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.sim.solana.Commitment;
import io.chainwatch.sim.solana.ProductionRecord;
import io.chainwatch.sim.solana.SimCurve;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimEndpoint;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.store.EmbeddedPostgres;
import io.chainwatch.systemtest.evm.ChildChainwatch;
import io.chainwatch.systemtest.evm.LoopbackPorts;
import io.chainwatch.systemtest.evm.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * chainwatch following Solana, killed with -9 while pump.fun activity streams in, then started again
 * on the same database: every slot from its first to the last is stored exactly as the simulator
 * produced it (no event lost, none twice), and the curves the API serves are the chain's.
 */
@Timeout(240)
class SolanaKillRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void killedMidStreamAndRestartedLosesAndDoublesNoEvent() throws Exception {
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(41).withSkipRate(0.05));
             EmbeddedPostgres pg = TestPostgres.start(dir)) {
            int port = LoopbackPorts.unused();
            Path config = dir.resolve("chainwatch.yaml");
            Files.writeString(config, yaml(sim, pg.jdbcUrl(), port));

            ChildChainwatch first = ChildChainwatch.start(config, "solana-first");
            long firstSlot;
            try {
                // Nothing is produced until the feed has stored its starting point: from there on every slot counts.
                Awaitility.await("the first chainwatch's starting checkpoint").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100)).until(() -> checkpoint(pg.jdbcUrl()) >= 0 || !first.alive());
                assertThat(first.alive()).as("first chainwatch: %s", first.output()).isTrue();
                firstSlot = checkpoint(pg.jdbcUrl()) + 1;
                Producer p = new Producer(sim);
                try {
                    long target = firstSlot + 30;
                    Awaitility.await("the first chainwatch to store 30 slots").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(50)).until(() -> checkpoint(pg.jdbcUrl()) >= target);
                    first.kill();
                } finally {
                    p.close();
                }
            } finally {
                first.close();
            }
            long killedAt = checkpoint(pg.jdbcUrl());
            // Slots pass while nobody watches.
            for (int i = 0; i < 20; i++) {
                sim.produceSlots(1);
            }

            ChildChainwatch second = ChildChainwatch.start(config, "solana-second");
            try {
                Producer p = new Producer(sim);
                try {
                    Thread.sleep(3_000);
                } finally {
                    p.close();
                }
                Map<String, SimCurve> truth = new HashMap<>(); // as at the newest block, before settling passes more
                for (SimCurve c : sim.curves()) {
                    truth.put(c.mint().base58(), c);
                }
                long last = settle(sim);
                Awaitility.await("the second chainwatch to store up to slot " + last).atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100)).until(() -> checkpoint(pg.jdbcUrl()) >= last || !second.alive());
                assertThat(second.alive()).as("second chainwatch: %s", second.output()).isTrue();
                assertThat(killedAt).as("killed mid-stream, before the end").isLessThan(last);

                assertStoredExactly(sim, pg.jdbcUrl(), firstSlot, last);
                assertCurvesServed(port, truth);
            } finally {
                second.close();
            }
        }
    }

    private static String yaml(SolanaSimulator sim, String jdbcUrl, int port) {
        StringBuilder sb = new StringBuilder("solana:\n  commitment: { profile: balanced, strategy: fixed }\n  endpoints:\n");
        List<SolanaSimEndpoint> eps = sim.endpoints();
        for (int i = 0; i < eps.size(); i++) {
            sb.append("    - { kind: rpc, url: \"").append(eps.get(i).httpUrl()).append("\", region: r").append(i)
                    .append(", priority: ").append(i + 1).append(", requestsPerSecond: 2000 }\n");
            sb.append("    - { kind: ws, url: \"").append(eps.get(i).wsUrl()).append("\", region: r").append(i)
                    .append(", priority: ").append(i + 1).append(" }\n");
        }
        return sb.append("api: { host: 127.0.0.1, port: ").append(port).append(" }\n")
                .append("storage: { url: \"").append(jdbcUrl).append("\", user: postgres }\n").toString();
    }

    /** Produces a slot every 40 ms on its own thread until closed. */
    private static final class Producer implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Producer(SolanaSimulator sim) {
            thread = Thread.ofPlatform().name("slot-producer").start(() -> {
                while (running.get()) {
                    sim.produceSlots(1);
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Passes just enough slots for the newest block to be confirmed; returns that block's slot. */
    private static long settle(SolanaSimulator sim) {
        List<Long> produced = sim.productionRecord().slots(ProductionRecord.SlotStatus.PRODUCED);
        long last = produced.getLast();
        while (sim.slot(Commitment.CONFIRMED) < last) {
            sim.produceSlots(1);
        }
        return last;
    }

    private static long checkpoint(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT slot FROM solana_checkpoints WHERE feed = 'pump'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            if (e.getMessage().contains("does not exist")) {
                return -1; // the schema is not migrated yet
            }
            throw e;
        }
    }

    private static void assertStoredExactly(SolanaSimulator sim, String jdbcUrl, long from, long to) throws SQLException {
        Map<Long, Integer> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement(
                     "SELECT slot, count(*) FROM solana_events WHERE NOT retracted AND slot BETWEEN ? AND ? GROUP BY slot")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        ProductionRecord record = sim.productionRecord();
        List<String> wrong = new ArrayList<>();
        long events = 0;
        for (long slot = from; slot <= to; slot++) {
            int expected = record.status(slot) == ProductionRecord.SlotStatus.PRODUCED ? record.pumpEvents(slot) : 0;
            events += expected;
            if (stored.getOrDefault(slot, 0) != expected) {
                wrong.add("slot " + slot + ": stored " + stored.getOrDefault(slot, 0) + ", produced " + expected);
            }
        }
        assertThat(wrong).as("slots %d..%d", from, to).isEmpty();
        assertThat(events).as("events produced in slots %d..%d", from, to).isGreaterThan(50);
    }

    private static void assertCurvesServed(int port, Map<String, SimCurve> truth) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/solana/curves?limit=1000"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode curves = JSON.readTree(r.body());
            assertThat(curves.size()).isPositive();
            for (JsonNode c : curves) {
                SimCurve s = truth.get(c.get("mint").asText());
                assertThat(s).as("curve %s is the simulator's", c.get("mint")).isNotNull();
                JsonNode reserves = c.get("reserves");
                assertThat(reserves.get("virtualSolReserves").asLong()).as("%s virtual SOL", s.mint()).isEqualTo(s.virtualSolReserves());
                assertThat(reserves.get("virtualTokenReserves").asLong()).as("%s virtual tokens", s.mint()).isEqualTo(s.virtualTokenReserves());
                assertThat(reserves.get("realSolReserves").asLong()).as("%s real SOL", s.mint()).isEqualTo(s.realSolReserves());
            }
        }
    }
}
