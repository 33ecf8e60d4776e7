package io.chainwatch.api;

import ch.qos.logback.classic.Level;
import io.chainwatch.core.config.CommitmentStrategy;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.core.config.PerformanceProfile;
import io.chainwatch.core.config.SlotRecoveryConfig;
import io.chainwatch.core.config.SolanaConfig;
import io.chainwatch.core.config.SolanaEndpointConfig;
import io.chainwatch.core.config.SolanaEndpointKind;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.solana.feed.SolanaFeed;
import io.chainwatch.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A real Solana feed for API tests: a {@link SolanaSimulator} making slots on request, an embedded
 * PostgreSQL, and a {@link SolanaFeed} wired as the app's SolanaWiring does (an rpc and a ws pool
 * over the simulator's endpoints). Closes all of it, in reverse order of starting.
 */
final class SimulatedSolanaFeed implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 16 << 20;

    final SolanaSimulator sim;
    final Database database;
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final SolanaFeed feed;

    private SimulatedSolanaFeed(long seed, Path dataDir) {
        quietLogs();
        sim = SolanaSimulator.start(SolanaSimConfig.manual(seed));
        Database db = null;
        try {
            db = Database.open(new StorageConfig("embedded", null, null, dataDir));
            feed = feed(config(sim), db, new SplittableRandom(seed));
        } catch (RuntimeException e) {
            closeQuietly(db);
            sim.close();
            throw e;
        }
        database = db;
    }

    /**
     * Starts the simulator, the database under {@code tempDir} and the feed (not yet started). When
     * the tests run as root, PostgreSQL runs as {@code nobody}, which must pass through the folder
     * JUnit made private.
     */
    static SimulatedSolanaFeed create(long seed, Path tempDir) throws IOException {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwx--x--x"));
        return new SimulatedSolanaFeed(seed, tempDir);
    }

    private static SolanaConfig config(SolanaSimulator sim) {
        List<SolanaEndpointConfig> endpoints = new ArrayList<>();
        for (int i = 0; i < sim.endpoints().size(); i++) {
            endpoints.add(endpoint(SolanaEndpointKind.RPC, sim.httpUrls().get(i), i));
            endpoints.add(endpoint(SolanaEndpointKind.WS, sim.wsUrls().get(i), i));
        }
        // Fixed commitment: the test reads what the simulator confirmed, not what an adaptive level chose.
        return new SolanaConfig(endpoints, PerformanceProfile.BALANCED, CommitmentStrategy.FIXED, new SlotRecoveryConfig(true, 100, 5),
                false, 5_000, List.of(SolanaConfig.PUMP_PROGRAM, SolanaConfig.PUMP_AMM_PROGRAM), MAX_RESPONSE_BYTES,
                io.chainwatch.core.config.SolanaAccountsConfig.DEFAULT);
    }

    private static SolanaEndpointConfig endpoint(SolanaEndpointKind kind, URI url, int index) {
        return new SolanaEndpointConfig(kind, new EndpointConfig(url, "local", index + 1, 1_000, 2_000), null);
    }

    private SolanaFeed feed(SolanaConfig config, Database db, SplittableRandom random) {
        InstantSource clock = InstantSource.system();
        return SolanaFeed.open(config, db.solanaStore(clock), random, clock, metrics);
    }

    /** Without a logback configuration every library logs at DEBUG; the tests want chainwatch's INFO and up. */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.INFO);
        }
    }

    @Override
    public void close() {
        feed.close();
        database.close();
        sim.close();
        metrics.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(SimulatedSolanaFeed.class).warn("closing {} failed", c, e);
        }
    }
}
