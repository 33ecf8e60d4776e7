package io.chainwatch.store;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.U256;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.market.Burn;
import io.chainwatch.market.Mint;
import io.chainwatch.market.PairCreated;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.Swap;
import io.chainwatch.market.Sync;
import io.chainwatch.store.EvmStore.BlockBatch;
import io.chainwatch.store.internal.Bytea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Load benchmark, not a test; skipped unless asked for:
 * {@code mvn -o -q -pl store install -Dtest=EvmStoreLoadBench -Dchainwatch.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, then see the "BENCH" lines in
 * {@code store/target/surefire-reports/io.chainwatch.store.EvmStoreLoadBench-output.txt}.
 * Options: {@code -Dbench.commits=100 -Dbench.blocks=10 -Dbench.events=500 -Dbench.rounds=3
 * -Dbench.copyOnly=true -Dbench.dir=<keep the data here>}.
 *
 * <p>Prints the wall-clock rate and the CPU spent per event by the committing thread and by all
 * postgres processes: on a shared machine the wall-clock rate says little, the CPU cost says what
 * the store needs of a core. The JDBC batch is the alternative COPY was chosen over.
 */
@Timeout(600)
@EnabledIfSystemProperty(named = "chainwatch.bench", matches = "true")
class EvmStoreLoadBench {
    static final int BLOCKS_PER_COMMIT = Integer.getInteger("bench.blocks", 10);
    static final int EVENTS_PER_BLOCK = Integer.getInteger("bench.events", 500);
    static final int COMMITS = Integer.getInteger("bench.commits", 100);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final boolean COMPARE = !Boolean.getBoolean("bench.copyOnly");

    @TempDir
    Path dir;

    @Test
    void copyVersusBatchInsert() throws Exception {
        try (Database db = Database.open(new StorageConfig("embedded", null, null,
                System.getProperty("bench.dir") != null ? Path.of(System.getProperty("bench.dir")) : Fixtures.traversable(dir)))) {
            EvmStore store = db.evmStore(InstantSource.system());
            for (int round = 0; round < ROUNDS; round++) {
                report("commit (COPY) round " + round, run("copy" + round, batches -> store.commit(batches)));
                if (COMPARE) {
                    report("JDBC batch    round " + round, run("batch" + round, batches -> batchInsert(db, batches)));
                }
            }
            // The same blocks again, as after a restart: every event is already stored.
            report("replayed commit (staging + ON CONFLICT)", run("copy0", batches -> store.commit(batches)));
            System.out.printf("BENCH stored: %,d events%n", store.countEvents("copy0", true));
        }
    }

    interface Sink {
        void write(List<BlockBatch> batches) throws Exception;
    }

    /** Wall-clock rate and CPU spent per event, in the JVM's committing thread and in all postgres processes. */
    record Result(double eventsPerSecond, double clientMicrosPerEvent, double serverMicrosPerEvent) {
    }

    private static void report(String what, Result r) {
        System.out.printf("BENCH %s: %,.0f events/s wall; CPU per event: client %.2f us + server %.2f us = %.2f us "
                        + "(=> %,.0f events/s per core) (%d commits x %d blocks x %d events)%n", what, r.eventsPerSecond(),
                r.clientMicrosPerEvent(), r.serverMicrosPerEvent(), r.clientMicrosPerEvent() + r.serverMicrosPerEvent(),
                1e6 / (r.clientMicrosPerEvent() + r.serverMicrosPerEvent()), COMMITS, BLOCKS_PER_COMMIT, EVENTS_PER_BLOCK);
    }

    private static Result run(String chain, Sink sink) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long serverCpu0 = BenchCpu.postgresCpuNanos();
        long clientCpu = 0;
        long nanos = 0;
        long events = 0;
        long n = 1;
        for (int c = 0; c < COMMITS; c++) {
            List<BlockBatch> batches = new ArrayList<>();
            for (int b = 0; b < BLOCKS_PER_COMMIT; b++, n++) {
                BlockRef block = Fixtures.block(1, n);
                batches.add(new BlockBatch(chain, block, Fixtures.events(chain, block, EVENTS_PER_BLOCK, random),
                        List.of(Fixtures.poolState(chain, b, block, n, n))));
                events += EVENTS_PER_BLOCK;
            }
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            sink.write(batches);
            clientCpu += threads.getCurrentThreadCpuTime() - c0;
            nanos += System.nanoTime() - t0;
        }
        long serverCpu = BenchCpu.postgresCpuNanos() - serverCpu0;
        return new Result(events * 1e9 / nanos, clientCpu / 1e3 / events, serverCpu / 1e3 / events);
    }

    /** The alternative measured against COPY: a JDBC batch, which reWriteBatchedInserts turns into multi-row INSERTs. */
    private static void batchInsert(Database db, List<BlockBatch> batches) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement blocks = c.prepareStatement("INSERT INTO blocks (chain, number, hash, parent_hash) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (chain, number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO pool_events (chain, block_number, block_hash, log_index, tx_index, "
                         + "kind, tx_hash, pool, sender, recipient, factory, token0, token1, pair_index, reserve0, reserve1, amount0, "
                         + "amount1, amount0_in, amount1_in, amount0_out, amount1_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                         + "?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (BlockBatch b : batches) {
                    blocks.setString(1, b.chain());
                    blocks.setLong(2, b.block().number());
                    blocks.setBytes(3, Bytea.of(b.block().hash()));
                    blocks.setBytes(4, Bytea.of(b.block().parentHash()));
                    blocks.addBatch();
                    for (PoolEvent e : b.events()) {
                        bind(ps, e);
                        ps.addBatch();
                    }
                }
                blocks.executeBatch();
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static void bind(PreparedStatement ps, PoolEvent e) throws SQLException {
        var p = e.position();
        ps.setString(1, p.chain());
        ps.setLong(2, p.blockNumber());
        ps.setBytes(3, Bytea.of(p.blockHash()));
        ps.setInt(4, p.logIndex());
        ps.setInt(5, p.txIndex());
        ps.setBytes(7, Bytea.of(p.txHash()));
        ps.setBytes(8, Bytea.of(e.pool()));
        for (int i = 9; i <= 22; i++) {
            ps.setNull(i, i == 14 ? Types.BIGINT : i >= 15 ? Types.NUMERIC : Types.BINARY);
        }
        switch (e) {
            case PairCreated pc -> {
                ps.setString(6, "PairCreated");
                ps.setBytes(11, Bytea.of(pc.factory()));
                ps.setBytes(12, Bytea.of(pc.token0()));
                ps.setBytes(13, Bytea.of(pc.token1()));
                ps.setLong(14, pc.pairIndex());
            }
            case Sync s -> {
                ps.setString(6, "Sync");
                num(ps, 15, s.reserve0());
                num(ps, 16, s.reserve1());
            }
            case Swap s -> {
                ps.setString(6, "Swap");
                ps.setBytes(9, Bytea.of(s.sender()));
                ps.setBytes(10, Bytea.of(s.to()));
                num(ps, 19, s.amount0In());
                num(ps, 20, s.amount1In());
                num(ps, 21, s.amount0Out());
                num(ps, 22, s.amount1Out());
            }
            case Mint m -> {
                ps.setString(6, "Mint");
                ps.setBytes(9, Bytea.of(m.sender()));
                num(ps, 17, m.amount0());
                num(ps, 18, m.amount1());
            }
            case Burn b -> {
                ps.setString(6, "Burn");
                ps.setBytes(9, Bytea.of(b.sender()));
                ps.setBytes(10, Bytea.of(b.to()));
                num(ps, 17, b.amount0());
                num(ps, 18, b.amount1());
            }
        }
    }

    private static void num(PreparedStatement ps, int i, U256 v) throws SQLException {
        ps.setBigDecimal(i, new BigDecimal(v.toBigInteger()));
    }
}
