package io.chainwatch.bench.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.Address;
import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.store.EmbeddedPostgres;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/** What the load runs share: an embedded PostgreSQL they own, chainwatch wired to the simulator, waiting. */
final class LoadRunSetup {
    private LoadRunSetup() {
    }

    static EmbeddedPostgres postgres() throws Exception {
        return EmbeddedPostgres.scratch("chainwatch-bench-pg");
    }

    static Chainwatch chainwatch(EvmSimulator sim, List<URI> endpointUrls, EmbeddedPostgres pg, int batchBlocks) {
        StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < endpointUrls.size(); i++) {
            endpoints.append("        - { url: \"").append(endpointUrls.get(i)).append("\", region: r").append(i)
                    .append(", priority: ").append(i + 1).append(", requestsPerSecond: 100000, timeoutMs: 2000 }\n");
        }
        StringBuilder dexes = new StringBuilder();
        List<Address> factories = sim.factories();
        for (int i = 0; i < factories.size(); i++) {
            dexes.append("        - { name: dex").append(i).append(", kind: uniswap-v2, factory: \"").append(factories.get(i).hex())
                    .append("\", feeBps: 30 }\n");
        }
        String yaml = """
                evm:
                  chains:
                    - name: bench
                      chainId: %d
                      pollIntervalMs: 200
                      backfillBatchBlocks: %d
                      endpoints:
                %s
                      dexes:
                %s
                api: { port: 0 }
                storage: { url: "%s", user: postgres }
                """.formatted(sim.config().chainId(), batchBlocks, endpoints, dexes, pg.jdbcUrl());
        ChainwatchConfig config = new ConfigLoader(Map.of()).parse(yaml, "bench");
        return Chainwatch.start(config);
    }

    static ChainStatus status(Chainwatch cw) {
        return cw.chains().getFirst().status();
    }

    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Block number to hash (hex) of every stored block of the chain. */
    static Map<Long, String> storedBlocks(EmbeddedPostgres pg) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        Map<Long, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p);
             PreparedStatement s = c.prepareStatement("select number, encode(hash, 'hex') from blocks where chain = 'bench'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), "0x" + rs.getString(2));
            }
        }
        return out;
    }

    static long storedEvents(EmbeddedPostgres pg) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p);
             PreparedStatement s = c.prepareStatement("select count(*) from pool_events where chain = 'bench' and not removed");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
