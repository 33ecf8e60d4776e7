package io.chainwatch.systemtest.evm;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.market.PoolState;
import io.chainwatch.store.Database;
import io.chainwatch.store.EvmStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what chainwatch committed, from the test's side of the database: the store's own read API,
 * and plain SQL where a test needs what that API does not show (the removed flag per event).
 * Thread-safe (a connection pool); close it before the database.
 */
final class StoreReader implements AutoCloseable {
    /** A log's identity on its chain. */
    record LogKey(Hash32 blockHash, int logIndex) {
    }

    private final Database db;
    private final EvmStore store;
    private final String chain;

    StoreReader(String jdbcUrl, String chain) {
        this.db = Database.open(new StorageConfig(jdbcUrl, "postgres", null, null));
        this.store = db.evmStore(InstantSource.system());
        this.chain = chain;
    }

    Optional<BlockRef> checkpoint() {
        return store.checkpoint(chain);
    }

    List<PoolState> pools() {
        return store.pools(chain);
    }

    long countEvents(boolean includeRemoved) {
        return store.countEvents(chain, includeRemoved);
    }

    /** Every stored block row, by number. */
    TreeMap<Long, BlockRef> blocks() {
        TreeMap<Long, BlockRef> out = new TreeMap<>();
        query("SELECT number, encode(hash, 'hex'), encode(parent_hash, 'hex') FROM blocks WHERE chain = ?", rs -> {
            out.put(rs.getLong(1), new BlockRef(rs.getLong(1), hash(rs.getString(2)), hash(rs.getString(3))));
        });
        return out;
    }

    /** (block hash, log index) of every event not marked removed. */
    Set<LogKey> liveEvents() {
        Set<LogKey> out = new HashSet<>();
        query("SELECT encode(block_hash, 'hex'), log_index FROM pool_events WHERE chain = ? AND NOT removed",
                rs -> out.add(new LogKey(hash(rs.getString(1)), rs.getInt(2))));
        return out;
    }

    /** Rows of pool_events not marked removed, duplicates counted (the key should make them impossible). */
    long liveEventRows() {
        long[] n = {0};
        query("SELECT count(*) FROM pool_events WHERE chain = ? AND NOT removed", rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    /** Events of the given blocks, split by the removed flag: [live, removed]. */
    long[] eventsIn(Set<Hash32> blockHashes) {
        long[] n = {0, 0};
        query("SELECT encode(block_hash, 'hex'), removed FROM pool_events WHERE chain = ?", rs -> {
            if (blockHashes.contains(hash(rs.getString(1)))) {
                n[rs.getBoolean(2) ? 1 : 0]++;
            }
        });
        return n;
    }

    /** Block hashes of the live events above {@code number}. */
    Set<Hash32> liveEventBlocksAbove(long number) {
        Set<Hash32> out = new HashSet<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT DISTINCT encode(block_hash, 'hex') FROM pool_events WHERE chain = ? AND NOT removed AND block_number > ?")) {
            ps.setString(1, chain);
            ps.setLong(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(hash(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("reading the store: " + e, e);
        }
        return out;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("reading the store (" + sql + "): " + e, e);
        }
    }

    static Hash32 hash(String hexWithoutPrefix) {
        return Hash32.of("0x" + hexWithoutPrefix);
    }

    @Override
    public void close() {
        db.close();
    }
}
