package io.chainwatch.solana.feed;

import io.chainwatch.sim.solana.ProductionRecord;
import io.chainwatch.sim.solana.SlotProduction;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimEndpoint;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.store.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos, bounded: three endpoints (each gRPC, WebSocket and HTTP), slots every 50 ms with skips and
 * forks, 5% of every endpoint's notifications dropped, and every few seconds one endpoint killed
 * (down, all its transports) while another comes back. Afterwards every slot up to the checkpoint must be stored exactly as the
 * simulator's production record says: 100% slot coverage, nothing lost, nothing doubled.
 */
@Timeout(180)
class SolanaChaosTest {
    /** Kept short for the suite; the chaos benchmark runs the same scenario longer (see BENCHMARKS.md). */
    static final Duration CHAOS = Duration.ofSeconds(Long.getLong("solana.chaos.seconds", 24));
    static final Duration KILL_EVERY = Duration.ofSeconds(Long.getLong("solana.chaos.killEverySeconds", 4));

    @TempDir
    static Path dir;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        postgres = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(dir.resolve("pg")));
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void everySlotIsStoredExactlyThroughKilledEndpointsAndDroppedNotifications() throws Exception {
        SolanaSimConfig config = SolanaSimConfig.demo(21).withProduction(SlotProduction.every(Duration.ofMillis(50)));
        try (SolanaSimulator sim = SolanaSimulator.start(config);
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", postgres.jdbcUrl(), java.util.List.of(0, 1, 2))) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
            long first = feed.status().checkpoint() + 1;
            for (SolanaSimEndpoint e : sim.endpoints()) {
                e.dropNotifications(0.05);
            }
            int kills = 0;
            long end = System.nanoTime() + CHAOS.toNanos();
            int down = -1;
            while (System.nanoTime() < end) {
                if (down >= 0) {
                    sim.endpoint(down).up();
                }
                down = kills % 3;
                sim.endpoint(down).down();
                kills++;
                Thread.sleep(KILL_EVERY.toMillis());
            }
            sim.endpoint(down).up();
            for (SolanaSimEndpoint e : sim.endpoints()) {
                e.dropNotifications(0);
            }
            long confirmed = sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED);
            SolanaRun.awaitCheckpoint(feed, confirmed, Duration.ofSeconds(60));
            long checkpoint = feed.status().checkpoint();
            SolanaRun.awaitStored(feed, postgres.jdbcUrl(), checkpoint);

            SolanaRun.assertStoredExactly(sim, postgres.jdbcUrl(), first, checkpoint);
            FeedStatus s = feed.status();
            ProductionRecord record = sim.productionRecord();
            long produced = 0;
            for (long slot = first; slot <= checkpoint; slot++) {
                if (record.status(slot) == ProductionRecord.SlotStatus.PRODUCED) {
                    produced++;
                }
            }
            assertEquals(0, s.lost(), "slots given up: " + s);
            assertEquals(1.0, s.coverage(), "coverage: " + s);
            assertTrue(kills >= 3, "the scenario killed too few endpoints: " + kills);
            System.out.printf("solana chaos: %d s, a kill every %d s (%d kills), slots %d..%d, %d blocks produced and stored exactly, "
                    + "%d skipped, %d retracted, %d stream messages, %d slots read from the queue, coverage %.4f%n", CHAOS.toSeconds(),
                    KILL_EVERY.toSeconds(), kills, first, checkpoint, produced, s.skipped(), s.retractedSlots(), s.streamMessages(),
                    s.recovered(), s.coverage());
        }
    }
}
