package io.chainwatch.bench.solana;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.solana.feed.FeedStatus;
import io.chainwatch.solana.feed.SolanaFeed;
import io.chainwatch.store.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Load run for the Solana feed: the simulator produces slots as fast as its subscribers read
 * ({@link SolanaSimConfig#load}: one endpoint, 20 trades a slot), served over real loopback sockets
 * (logsSubscribe and slotSubscribe over WebSocket; getSlot, getSignaturesForAddress, getBlocks and,
 * where the stream missed something, getBlock over HTTP) to chainwatch
 * and on to PostgreSQL. Reports, each second after a warm-up, the logsNotifications the feed read
 * and the slots it stored (checkpoint moves); prints the medians and the lag at the end.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.chainwatch.bench.solana.SolanaIngestLoadRun [seconds]}
 */
public final class SolanaIngestLoadRun {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("solana-load");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(dir.resolve("pg")));
             SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.load(1))) {
            String yaml = """
                    solana:
                      commitment: { profile: balanced, strategy: fixed }
                      endpoints:
                        - { kind: rpc, url: "%s", requestsPerSecond: 100000, timeoutMs: 5000 }
                        - { kind: ws, url: "%s", timeoutMs: 5000 }
                    api: { host: 127.0.0.1, port: 0 }
                    storage: { url: "%s", user: postgres }
                    """.formatted(sim.endpoint(0).httpUrl(), sim.endpoint(0).wsUrl(), pg.jdbcUrl());
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
                Thread.sleep(10_000); // warm-up
                List<Double> notifications = new ArrayList<>();
                List<Double> slots = new ArrayList<>();
                FeedStatus before = feed.status();
                FeedStatus start = before;
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
                FeedStatus end = feed.status();
                System.out.printf("%d s: notifications read %.0f/s median (%.0f/s mean), slots stored %.0f/s median, events stored %d "
                                + "(%.0f/s), lag at end %d slots (tip %d, checkpoint %d), lost %d, coverage %.4f, "
                                + "slots settled from the stream %d, read whole %d%n",
                        seconds, median(notifications), (end.streamMessages() - start.streamMessages()) / elapsed, median(slots),
                        end.storedEvents() - start.storedEvents(), (end.storedEvents() - start.storedEvents()) / elapsed,
                        end.lagSlots(), end.levelTip(), end.checkpoint(), end.lost(), end.coverage(),
                        end.fromStream() - start.fromStream(), end.fromBlocks() - start.fromBlocks());
            }
        }
        System.exit(0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
