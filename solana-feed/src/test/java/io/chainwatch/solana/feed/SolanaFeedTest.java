package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointState;
import io.chainwatch.sim.solana.ForkOutcome;
import io.chainwatch.sim.solana.SimCurve;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.store.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Solana feed against the simulator over real sockets (HTTP and WebSocket JSON-RPC), with its
 * store on a real PostgreSQL: what it stores is compared slot by slot with what the simulator
 * produced, and its curves with the simulator's.
 */
@Timeout(180)
class SolanaFeedTest {
    @TempDir
    static Path dir;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        // When the tests run as root, PostgreSQL runs as nobody, which must pass through the folder JUnit made private.
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        postgres = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(dir.resolve("pg")));
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    /** Each test has its own database, so that checkpoints and events of one do not meet another's. */
    private static String freshDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/" + name + "$1");
    }

    @Test
    void storesEverySlotExactlyAsProducedAndTheBookMatchesTheChain() throws Exception {
        String db = freshDatabase("feed_exact");
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(11).withSkipRate(0.1));
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
            SolanaFeed feed = run.feed();
            List<SolanaFeed.CurveMilestone> milestones = new java.util.concurrent.CopyOnWriteArrayList<>();
            feed.onCurveMilestone(milestones::add);
            SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
            long first = feed.status().checkpoint() + 1;
            long completeBefore = sim.curves().stream().filter(SimCurve::complete).count();
            SolanaRun.produce(sim, 40, 30);
            SolanaRun.Settled settled = SolanaRun.settle(sim);
            long last = settled.slot();
            SolanaRun.awaitStored(feed, db, last);

            // Every curve that completed while the feed ran is told once, and only those.
            var completeOnChain = settled.curves().stream().filter(SimCurve::complete).map(c -> c.mint().base58())
                    .collect(java.util.stream.Collectors.toSet());
            var heardComplete = milestones.stream().filter(m -> m.status() == io.chainwatch.market.pump.CurveStatus.COMPLETE)
                    .map(m -> m.mint().toBase58()).toList();
            assertEquals(heardComplete.size(), new java.util.HashSet<>(heardComplete).size(), "a completion told twice: " + heardComplete);
            assertTrue(completeOnChain.containsAll(heardComplete), "told of completions the chain does not have: " + heardComplete);
            assertTrue(heardComplete.size() >= completeOnChain.size() - completeBefore, "the chain completed "
                    + (completeOnChain.size() - completeBefore) + " curves while the feed ran, told of " + heardComplete.size());

            SolanaRun.assertStoredExactly(sim, db, first, last);
            SolanaRun.assertCurvesMatch(sim, settled.curves(), feed, db);
            FeedStatus s = feed.status();
            assertEquals(1.0, s.coverage(), "coverage: " + s);
            assertEquals(0, s.lost(), "lost slots: " + s);
            assertTrue(s.skipped() > 0, "the simulator skipped slots; the feed should have seen them skipped: " + s);
            assertTrue(s.streamMessages() > 0, "the live stream brought nothing: " + s);
            assertTrue(s.fromStream() > s.fromBlocks(), "with nothing dropped, most slots should be settled from the stream, "
                    + "their blocks unread: " + s);
        }
    }

    /**
     * A migration to PumpSwap mentions both watched programs, so the listing names it twice, once for
     * each: matched with the stream it counts once, and its slot is settled from what the stream
     * brought like any other. Counted twice, the listing would have seemed to hold a transaction the
     * stream lacked, and each such slot would have been read again from its block.
     */
    @Test
    void aTransactionListedForBothWatchedProgramsIsSettledFromTheStream() throws Exception {
        String db = freshDatabase("feed_both_programs");
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(19)
                .withActivity(io.chainwatch.sim.solana.PumpActivity.typical().withCompletionChance(0.3)));
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
            SolanaRun.produce(sim, 10, 50);
            long warm = SolanaRun.settle(sim).slot();
            SolanaRun.awaitStored(feed, db, warm);
            FeedStatus before = feed.status();
            SolanaRun.produce(sim, 40, 50);
            SolanaRun.Settled settled = SolanaRun.settle(sim);
            SolanaRun.awaitStored(feed, db, settled.slot());
            FeedStatus after = feed.status();
            long migrations;
            try (Connection c = DriverManager.getConnection(db, "postgres", null); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM solana_events WHERE kind = 'CompletePumpAmmMigrationEvent' AND slot > "
                         + warm + " AND slot <= " + settled.slot())) {
                rs.next();
                migrations = rs.getLong(1);
            }
            assertTrue(migrations > 0, "the chain migrated no curve in the slots watched; nothing was shown");
            assertEquals(before.fromBlocks() + before.fromTransactions(), after.fromBlocks() + after.fromTransactions(),
                    migrations + " migrations; slots read again, besides the stream: before " + before + ", after " + after);
            SolanaRun.assertStoredExactly(sim, db, warm + 1, settled.slot());
        }
    }

    /**
     * The scorer learns each endpoint's head once a second. The listing asked only an endpoint whose
     * head, so learned, had reached the next slot: after each sweep it waited for the next probe, and
     * settling (and with it the stream, held back while too much is unsettled) moved once a second. In
     * the load run the stream's reader was held back 46 % of the time, with a listing a second. A sweep
     * asks the endpoint's tip itself, so it runs as often as its interval allows.
     */
    @Test
    void theListingFollowsTheTipBetweenTheScorersProbes() throws Exception {
        String db = freshDatabase("feed_listing_pace");
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(18));
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
            SolanaRun.produce(sim, 20, 50);
            long listedBefore = run.listings();
            long from = System.nanoTime();
            long behind = 0;
            long worstBehind = 0;
            int samples = 0;
            for (int i = 0; i < 60; i++) {
                sim.produceSlots(1);
                Thread.sleep(50);
                long b = sim.slot(io.chainwatch.sim.solana.Commitment.CONFIRMED) - feed.status().checkpoint();
                behind += b;
                worstBehind = Math.max(worstBehind, b);
                samples++;
            }
            double seconds = (System.nanoTime() - from) / 1e9;
            long listed = run.listings() - listedBefore;
            double meanBehind = (double) behind / samples;
            String seen = String.format("%d listings in %.1f s; the checkpoint %.1f slots behind the confirmed tip on average, "
                    + "%d at most; %s", listed, seconds, meanBehind, worstBehind, feed.status());
            // The sweep interval is 200 ms: up to five a second; waiting for probes, one.
            assertTrue(listed >= 3 * seconds, seen);
            // Slots come every 50 ms: a second between listings is 20 behind, a sweep every 200 ms 2 to 3 (measured: 10.3 and 2.5).
            assertTrue(meanBehind < 6, seen);
        }
    }

    @Test
    void notificationsTheStreamDropsAreFoundByTheListingAndReadOneByOne() throws Exception {
        // About four trades a slot, a quarter dropped: a slot lacks one or two, read with getTransaction, not its whole block.
        FeedStatus s = runWithDrops("feed_drops", SolanaSimConfig.manual(14), 0.25, 40);
        assertTrue(s.fromTransactions() > 0, "slots that lack a few transactions must be completed one by one: " + s);
        assertTrue(s.fromTransactions() > s.fromBlocks(), "few slots should need their whole block read: " + s);
    }

    @Test
    void aSlotLackingManyNotificationsIsReadWhole() throws Exception {
        // Twenty trades a slot, two thirds dropped: most slots lack more than reading one by one is worth.
        FeedStatus s = runWithDrops("feed_many_drops",
                SolanaSimConfig.manual(15).withActivity(io.chainwatch.sim.solana.PumpActivity.typical().withTradesPerSlot(20)), 0.66, 30);
        assertTrue(s.fromBlocks() > 0, "slots that lack many transactions must be read whole: " + s);
    }

    /**
     * Produces {@code slots} slots while the endpoints drop a share of their notifications without
     * telling (no error, no gap in slots), and checks that every slot is stored exactly as produced
     * and none lost.
     */
    private static FeedStatus runWithDrops(String name, SolanaSimConfig simConfig, double drop, int slots) throws Exception {
        String db = freshDatabase(name);
        try (SolanaSimulator sim = SolanaSimulator.start(simConfig);
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
            long first = feed.status().checkpoint() + 1;
            sim.endpoints().forEach(e -> e.dropNotifications(drop));
            SolanaRun.produce(sim, slots, 30);
            SolanaRun.Settled settled = SolanaRun.settle(sim);
            SolanaRun.awaitStored(feed, db, settled.slot());

            SolanaRun.assertStoredExactly(sim, db, first, settled.slot());
            SolanaRun.assertCurvesMatch(sim, settled.curves(), feed, db);
            FeedStatus s = feed.status();
            assertEquals(0, s.lost(), "lost slots: " + s);
            assertEquals(1.0, s.coverage(), "coverage: " + s);
            return s;
        }
    }

    @Test
    void aGapWhileRpcFailsIsBackfilledBeforeTheCheckpointPassesIt() throws Exception {
        String db = freshDatabase("feed_gap");
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(12));
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
            long first = feed.status().checkpoint() + 1;
            SolanaRun.produce(sim, 5, 30);
            long before = SolanaRun.settle(sim).slot();
            SolanaRun.awaitCheckpoint(feed, before, Duration.ofSeconds(30));

            // Every RPC answer fails: no block can be read, so the next slots are a gap.
            sim.endpoints().forEach(e -> e.errorRate(1.0));
            SolanaRun.produce(sim, 20, 30);
            long gapEnd = SolanaRun.settle(sim).slot();
            Thread.sleep(1_500);
            FeedStatus during = feed.status();
            assertTrue(during.checkpoint() < gapEnd, "the checkpoint passed slots it could not read: " + during);
            long stored = SolanaRun.storedCheckpoint(db);
            SolanaRun.assertStoredExactly(sim, db, first, stored);

            sim.endpoints().forEach(e -> e.errorRate(0));
            SolanaRun.awaitStored(feed, db, gapEnd);
            SolanaRun.assertStoredExactly(sim, db, first, gapEnd);
            assertEquals(0, feed.status().lost(), "slots were given up: " + feed.status());
        }
    }

    @Test
    void aForkedSlotsStreamedEventsAreRetracted() throws Exception {
        String db = freshDatabase("feed_fork");
        // Aggressive: the stream runs at processed, so it tells of blocks that a fork then abandons.
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(13));
             SolanaRun run = SolanaRun.start(sim, "aggressive", "fixed", db)) {
            SolanaFeed feed = run.feed();
            List<Long> orphaned = new java.util.concurrent.CopyOnWriteArrayList<>();
            feed.onSlotOrphaned(orphaned::add);
            SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
            assertEquals(Commitment.PROCESSED, feed.status().level());
            SolanaRun.await("the stream to open", Duration.ofSeconds(20), () -> feed.status().stream() != null, feed::status);
            long first = feed.status().checkpoint() + 1;
            SolanaRun.produce(sim, 10, 30);
            long streamedBefore = feed.status().streamMessages();
            SolanaRun.produce(sim, 2, 30);
            SolanaRun.await("the stream to tell the blocks about to be abandoned", Duration.ofSeconds(10),
                    () -> feed.status().streamMessages() > streamedBefore, feed::status);
            Thread.sleep(300);
            ForkOutcome fork = sim.fork(2);
            assertEquals(2, fork.abandonedSlots().size());
            SolanaRun.produce(sim, 5, 30);
            long last = SolanaRun.settle(sim).slot();
            SolanaRun.awaitStored(feed, db, last);
            // At processed the book holds the newest blocks too: compare with the simulator's tip once the stream has told it.
            long tip = sim.slot(io.chainwatch.sim.solana.Commitment.PROCESSED);
            SolanaRun.await("the stream to reach the tip", Duration.ofSeconds(10), () -> feed.status().processedTip() >= tip, feed::status);
            Thread.sleep(500);

            FeedStatus s = feed.status();
            assertTrue(s.retractedSlots() >= 1, "no slot was retracted although the stream told of abandoned blocks: " + s);
            assertFalse(orphaned.isEmpty(), "no listener was told of the retracted slots");
            assertTrue(fork.abandonedSlots().containsAll(orphaned), "told of orphaned slots " + orphaned + ", abandoned were "
                    + fork.abandonedSlots());
            SolanaRun.assertStoredExactly(sim, db, first, last);
            SolanaRun.assertCurvesMatch(sim, sim.curves(), feed, db);
        }
    }

    @Test
    void theStreamFailsOverWhenItsEndpointGoesDownAndNoSlotIsLost() throws Exception {
        String db = freshDatabase("feed_failover");
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(14));
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the stream to open", Duration.ofSeconds(20), () -> feed.status().stream() != null
                    && feed.status().checkpoint() >= 0, feed::status);
            long first = feed.status().checkpoint() + 1;
            String before = feed.status().stream();
            int down = before.startsWith("solana-ws-0") ? 0 : 1;
            SolanaRun.produce(sim, 5, 30);
            sim.endpoint(down).down();
            SolanaRun.produce(sim, 15, 50);
            SolanaRun.await("the stream to move to the other endpoint", Duration.ofSeconds(20),
                    () -> feed.status().stream() != null && !feed.status().stream().equals(before), feed::status);
            sim.endpoint(down).up();
            SolanaRun.produce(sim, 10, 30);
            long last = SolanaRun.settle(sim).slot();
            SolanaRun.awaitStored(feed, db, last);
            SolanaRun.assertStoredExactly(sim, db, first, last);
            assertEquals(1.0, feed.status().coverage());
        }
    }

    @Test
    void aStreamWhoseOnlyWebSocketEndpointWasBenchedReopensThereBeforeTheBenchLifts() throws Exception {
        String db = freshDatabase("feed_benched_stream");
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(15))) {
            // RPC on the simulator's endpoint 0; the one WebSocket endpoint on its endpoint 1.
            String yaml = "solana:\n  commitment: { profile: balanced, strategy: fixed }\n  recovery: { maxRetries: 3 }\n  endpoints:\n"
                    + "    - { kind: rpc, url: \"" + sim.endpoint(0).httpUrl()
                    + "\", region: r0, priority: 1, requestsPerSecond: 2000, timeoutMs: 2000 }\n"
                    + "    - { kind: ws, url: \"" + sim.endpoint(1).wsUrl() + "\", region: r1, priority: 1, timeoutMs: 2000 }\n"
                    + "api: { host: 127.0.0.1, port: 0 }\nstorage: { url: \"" + db + "\", user: postgres }\n";
            try (SolanaRun run = SolanaRun.startWith(yaml)) {
                SolanaFeed feed = run.feed();
                Endpoint ws = feed.streamEndpoints().all().getFirst();
                SolanaRun.await("the stream to open", Duration.ofSeconds(20), () -> feed.status().stream() != null
                        && feed.status().checkpoint() >= 0, feed::status);
                long first = feed.status().checkpoint() + 1;
                SolanaRun.produce(sim, 5, 30);

                sim.endpoint(1).down();
                SolanaRun.produceUntil(sim, "the WebSocket endpoint to be benched", Duration.ofSeconds(30),
                        () -> ws.health().state() == EndpointState.BENCHED, feed::status);
                sim.endpoint(1).up();
                // Benched, it would come back only once its failures left its health window (half a minute) and it
                // scored well for three rounds; until then there would be no stream, and every slot's block read.
                SolanaRun.produceUntil(sim, "the stream to reopen", Duration.ofSeconds(20), () -> feed.status().stream() != null,
                        feed::status);
                assertEquals(EndpointState.BENCHED, ws.health().state(), "reopened on the endpoint while it is still benched");
                long messages = feed.status().streamMessages();
                SolanaRun.produceUntil(sim, "messages on the reopened stream", Duration.ofSeconds(10),
                        () -> feed.status().streamMessages() > messages, feed::status);

                long last = SolanaRun.settle(sim).slot();
                SolanaRun.awaitStored(feed, db, last);
                SolanaRun.assertStoredExactly(sim, db, first, last);
                assertEquals(1.0, feed.status().coverage());
            }
        }
    }

    @Test
    void aGrpcResumeThatSilentlyJumpsAheadIsCaughtAndTheSkippedSlotsAreRead() throws Exception {
        String db = freshDatabase("feed_jump");
        // gRPC on endpoints 0 and 1; endpoint 1 answers a from_slot request live from now, with no error.
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(17));
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db, java.util.List.of(0, 1))) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the stream to open on gRPC 0", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0
                    && feed.status().stream() != null && feed.status().stream().startsWith("solana-grpc-0"), feed::status);
            long first = feed.status().checkpoint() + 1;
            SolanaRun.produce(sim, 5, 30);
            sim.endpoint(1).ignoreFromSlot(true);
            // Both endpoints go down: slots pass that no stream tells of. Endpoint 1 comes back first, and the
            // stream resumes there from the last slot it had, which endpoint 1 silently does not replay.
            sim.endpoint(0).down();
            sim.endpoint(1).down();
            long readBefore = feed.status().fromBlocks() + feed.status().fromTransactions();
            SolanaRun.produce(sim, 10, 10);
            sim.endpoint(1).up();
            SolanaRun.await("the stream to resume on gRPC 1", Duration.ofSeconds(30),
                    () -> feed.status().stream() != null && feed.status().stream().startsWith("solana-grpc-1"), feed::status);
            SolanaRun.produce(sim, 5, 30);
            sim.endpoint(0).up();
            long last = SolanaRun.settle(sim).slot();
            SolanaRun.awaitStored(feed, db, last);

            SolanaRun.assertStoredExactly(sim, db, first, last);
            FeedStatus s = feed.status();
            // Each jumped-over slot lacks all its transactions: a few are read one by one, more as the whole block.
            assertTrue(s.fromBlocks() + s.fromTransactions() > readBefore, "the slots the resume jumped over must be read: " + s);
            assertEquals(0, s.lost(), "lost slots: " + s);
            assertEquals(1.0, s.coverage(), "coverage: " + s);
        }
    }

    @Test
    void killingTheGrpcEndpointFailsOverToWebSocketAndBackWithNoSlotLost() throws Exception {
        String db = freshDatabase("feed_grpc");
        // gRPC on endpoint 0 only: when it dies, the stream must go to WebSocket (endpoint 1), then back.
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(16));
             SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db, java.util.List.of(0))) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the stream to open on gRPC", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0
                    && feed.status().stream() != null && feed.status().stream().startsWith("solana-grpc-0"), feed::status);
            long first = feed.status().checkpoint() + 1;
            SolanaRun.produce(sim, 10, 30);
            long onGrpc = feed.status().streamMessages();
            assertTrue(onGrpc > 0, "the gRPC stream brought nothing: " + feed.status());

            sim.endpoint(0).down();
            SolanaRun.produce(sim, 10, 50);
            SolanaRun.await("the stream to fail over to WebSocket", Duration.ofSeconds(20),
                    () -> feed.status().stream() != null && feed.status().stream().startsWith("solana-ws-1"), feed::status);
            SolanaRun.produce(sim, 10, 30);

            sim.endpoint(0).up();
            SolanaRun.produceUntil(sim, "the stream to come back to gRPC", Duration.ofSeconds(60),
                    () -> feed.status().stream() != null && feed.status().stream().startsWith("solana-grpc-0"), feed::status);
            SolanaRun.produce(sim, 10, 30);
            long last = SolanaRun.settle(sim).slot();
            SolanaRun.awaitStored(feed, db, last);
            SolanaRun.assertStoredExactly(sim, db, first, last);
            FeedStatus s = feed.status();
            assertEquals(1.0, s.coverage(), "coverage: " + s);
            assertEquals(0, s.lost(), "lost: " + s);
        }
    }

    @Test
    void aRestartResumesAfterTheCheckpointWithNoEventLostOrDoubled() throws Exception {
        String db = freshDatabase("feed_restart");
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(15))) {
            long first;
            try (SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
                SolanaFeed feed = run.feed();
                SolanaRun.await("the feed to start", Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0, feed::status);
                first = feed.status().checkpoint() + 1;
                SolanaRun.produce(sim, 15, 30);
                SolanaRun.awaitCheckpoint(feed, SolanaRun.settle(sim).slot(), Duration.ofSeconds(60));
            }
            // Slots pass while chainwatch is away.
            SolanaRun.produce(sim, 15, 10);
            try (SolanaRun run = SolanaRun.start(sim, "balanced", "fixed", db)) {
                SolanaFeed feed = run.feed();
                SolanaRun.produce(sim, 10, 30);
                SolanaRun.Settled settled = SolanaRun.settle(sim);
                long last = settled.slot();
                SolanaRun.awaitStored(feed, db, last);
                SolanaRun.assertStoredExactly(sim, db, first, last);
                SolanaRun.assertCurvesMatch(sim, settled.curves(), feed, db);
            }
        }
    }

    /**
     * The account sources beside the events: pump's Global read at start (getAccountInfo), every
     * BondingCurve and the Global followed (programSubscribe, accountSubscribe), and the open curves
     * listed (getProgramAccounts with an empty data slice).
     */
    @Test
    void accountUpdatesOverWebSocketAreAppliedBesideTheEventsAndTheBookStillMatchesTheChain() throws Exception {
        followAccounts("accounts_ws", List.of(), "solana-ws", "ws");
    }

    @Test
    void accountUpdatesOverGrpcAreAppliedBesideTheEventsAndTheBookStillMatchesTheChain() throws Exception {
        followAccounts("accounts_grpc", List.of(0), "solana-grpc", "grpc");
    }

    /**
     * @param grpc the endpoints with gRPC; the stream, and with it the account updates, should run on
     *             {@code streamPrefix}, the updates coming from {@code source}
     */
    private static void followAccounts(String name, List<Integer> grpc, String streamPrefix, String source) throws Exception {
        String db = freshDatabase(name);
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(21));
             SolanaRun run = SolanaRun.startWith(SolanaRun.yaml(sim, "balanced", "fixed", db, grpc,
                     "  accounts: { subscribe: true, reconcileIntervalMs: 1s }\n"))) {
            SolanaFeed feed = run.feed();
            SolanaRun.await("the feed to start on " + streamPrefix, Duration.ofSeconds(20), () -> feed.status().checkpoint() >= 0
                    && feed.status().stream() != null && feed.status().stream().startsWith(streamPrefix), feed::status);
            SolanaRun.await("pump's Global account to be read", Duration.ofSeconds(20),
                    () -> run.counted("chainwatch_solana_account_updates_total", "result", "applied") >= 1, feed::status);
            double before = run.counted("chainwatch_solana_account_updates_received_total", "source", source);
            SolanaRun.produce(sim, 40, 30);
            SolanaRun.Settled settled = SolanaRun.settle(sim);
            SolanaRun.awaitStored(feed, db, settled.slot());
            Thread.sleep(1_500); // a reconciliation round after the last slot
            double received = run.counted("chainwatch_solana_account_updates_received_total", "source", source) - before;
            assertTrue(received > 40, "the curve updates should come over " + source + ": " + received);

            SolanaRun.assertCurvesMatch(sim, settled.curves(), feed, db);
            double applied = run.counted("chainwatch_solana_account_updates_total", "result", "applied");
            assertTrue(applied > 40, "every trade changes a curve account, and the subscription should bring those changes: " + applied);
            assertEquals(0.0, run.counted("chainwatch_solana_account_updates_total", "result", "undecodable"),
                    "every BondingCurve and Global update should decode");
            assertTrue(run.counted("chainwatch_solana_curve_reconciliations_total") >= 1, "the open curves were never listed");
            assertEquals(0.0, run.counted("chainwatch_solana_curve_disagreements_total"),
                    "the book followed every event: the chain's list of open curves should agree with it");
        }
    }
}
