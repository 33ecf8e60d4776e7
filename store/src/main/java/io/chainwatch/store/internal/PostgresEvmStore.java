package io.chainwatch.store.internal;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.market.LogPosition;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.PoolState;
import io.chainwatch.store.EvmStore;
import io.chainwatch.store.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link EvmStore} on PostgreSQL (schema in {@code db/migration}). Holds no mutable state: each call
 * borrows its own connection, so it is thread-safe; the one-writer-per-chain rule of the interface
 * is what keeps writes of a chain in order.
 */
public final class PostgresEvmStore implements EvmStore {
    private static final String UPSERT_BLOCK = "INSERT INTO blocks (chain, number, hash, parent_hash) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (chain, number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash "
            + "WHERE blocks.hash <> excluded.hash OR blocks.parent_hash <> excluded.parent_hash";
    // Rows whose flag is wrong for the block committed at their height: removed but of its hash (a
    // block that came back after a rollback), or live but of another hash (a block it replaces).
    private static final String RECONCILE_REMOVED = "UPDATE pool_events SET removed = (block_hash <> ?) "
            + "WHERE chain = ? AND block_number = ? AND removed = (block_hash = ?)";
    private static final String HIGHEST_COMMITTED = "SELECT highest_committed FROM checkpoints WHERE chain = ?";
    private static final String UPSERT_CHECKPOINT = "INSERT INTO checkpoints (chain, block_number, block_hash, parent_hash, "
            + "highest_committed, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chain) DO UPDATE SET "
            + "block_number = excluded.block_number, block_hash = excluded.block_hash, parent_hash = excluded.parent_hash, "
            + "highest_committed = GREATEST(checkpoints.highest_committed, excluded.highest_committed), "
            + "updated_at = excluded.updated_at";

    private final DataSource dataSource;
    private final InstantSource clock;

    public PostgresEvmStore(DataSource dataSource, InstantSource clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void commit(List<BlockBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        requireConsistent(batches);
        inTransaction(describe(batches), c -> {
            Map<BlockKey, BlockRef> blocks = new LinkedHashMap<>();
            Map<PoolKey, PoolState> pools = new LinkedHashMap<>();
            Map<String, BlockRef> lastOfChain = new LinkedHashMap<>();
            Map<String, Long> highestOfChain = new LinkedHashMap<>();
            for (BlockBatch b : batches) {
                // Last wins: one statement may not touch the same row twice.
                blocks.put(new BlockKey(b.chain(), b.block().number()), b.block());
                for (PoolState p : b.changedPools()) {
                    pools.put(new PoolKey(p.chain(), p.address()), p);
                }
                lastOfChain.put(b.chain(), b.block());
                highestOfChain.merge(b.chain(), b.block().number(), Math::max);
            }
            boolean maybeStored = false;
            for (String chain : lastOfChain.keySet()) {
                maybeStored |= reconcileRemoved(c, chain, blocks);
            }
            upsertBlocks(c, blocks);
            PoolEventCopy.write(c, batches, maybeStored);
            PoolStateRows.upsert(c, pools.values());
            for (Map.Entry<String, BlockRef> e : lastOfChain.entrySet()) {
                upsertCheckpoint(c, e.getKey(), e.getValue(), highestOfChain.get(e.getKey()));
            }
            return null;
        });
    }

    @Override
    public void rollback(String chain, long ancestorNumber, Hash32 ancestorHash, List<PoolState> restoredPools) {
        for (PoolState p : restoredPools) {
            if (!p.chain().equals(chain)) {
                throw new IllegalArgumentException("rollback of chain '" + chain + "': restored pool " + p.address()
                        + " is of chain '" + p.chain() + "'");
            }
        }
        String what = "rollback of chain '" + chain + "' to #" + ancestorNumber + " " + ancestorHash;
        inTransaction(what, c -> {
            BlockRef ancestor = storedBlock(c, chain, ancestorNumber)
                    .orElseThrow(() -> new StorageException(what + ": no block #" + ancestorNumber + " is stored"));
            if (!ancestor.hash().equals(ancestorHash)) {
                throw new StorageException(what + ": the stored block #" + ancestorNumber + " is " + ancestor.hash()
                        + ", not on the same chain as the requested ancestor");
            }
            // Bounded above as well: with both bounds the planner takes the index range even on stale statistics.
            try (PreparedStatement ps = c.prepareStatement("UPDATE pool_events SET removed = true "
                    + "WHERE chain = ? AND block_number BETWEEN ? AND ? AND NOT removed")) {
                ps.setString(1, chain);
                ps.setLong(2, ancestorNumber + 1);
                ps.setLong(3, highestCommitted(c, chain));
                ps.executeUpdate();
            }
            update(c, "DELETE FROM blocks WHERE chain = ? AND number > ?", chain, ancestorNumber);
            update(c, "DELETE FROM pools WHERE chain = ? AND block_number > ?", chain, ancestorNumber);
            Map<PoolKey, PoolState> pools = new LinkedHashMap<>();
            for (PoolState p : restoredPools) {
                pools.put(new PoolKey(p.chain(), p.address()), p);
            }
            PoolStateRows.upsert(c, pools.values());
            upsertCheckpoint(c, chain, ancestor, ancestor.number());
            return null;
        });
    }

    @Override
    public Optional<BlockRef> checkpoint(String chain) {
        return query("checkpoint of chain '" + chain + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT block_number, block_hash, parent_hash FROM checkpoints WHERE chain = ?")) {
                ps.setString(1, chain);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(blockRef(rs)) : Optional.<BlockRef>empty();
                }
            }
        });
    }

    @Override
    public List<BlockRef> recentBlocks(String chain, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("recentBlocks: n must be >= 0, got " + n);
        }
        return query("recent blocks of chain '" + chain + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT number, hash, parent_hash FROM blocks WHERE chain = ? ORDER BY number DESC LIMIT ?")) {
                ps.setString(1, chain);
                ps.setInt(2, n);
                List<BlockRef> out = new ArrayList<>(n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(blockRef(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<PoolState> pools(String chain) {
        return query("pools of chain '" + chain + "'", c -> PoolStateRows.select(c, chain));
    }

    @Override
    public long countEvents(String chain, boolean includeRemoved) {
        return query("count of events of chain '" + chain + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pool_events WHERE chain = ?"
                    + (includeRemoved ? "" : " AND NOT removed"))) {
                ps.setString(1, chain);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<PoolEvent> events(String chain, long fromBlock, long toBlock, boolean includeRemoved) {
        return query("events of chain '" + chain + "' #" + fromBlock + "..#" + toBlock, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PoolEventCopy.COLUMNS + " FROM pool_events "
                    + "WHERE chain = ? AND block_number BETWEEN ? AND ?" + (includeRemoved ? "" : " AND NOT removed")
                    + " ORDER BY block_number, log_index, block_hash")) {
                ps.setString(1, chain);
                ps.setLong(2, fromBlock);
                ps.setLong(3, toBlock);
                ps.setFetchSize(10_000);
                List<PoolEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(PoolEventReader.read(rs));
                    }
                }
                return out;
            }
        });
    }

    private static void requireConsistent(List<BlockBatch> batches) {
        for (BlockBatch b : batches) {
            for (PoolEvent e : b.events()) {
                LogPosition p = e.position();
                if (!p.chain().equals(b.chain()) || p.blockNumber() != b.block().number() || !p.blockHash().equals(b.block().hash())) {
                    throw new IllegalArgumentException("commit: event at " + p + " is not of its batch's block "
                            + b.chain() + " #" + b.block().number() + " " + b.block().hash());
                }
            }
            for (PoolState p : b.changedPools()) {
                if (!p.chain().equals(b.chain())) {
                    throw new IllegalArgumentException("commit: pool " + p.address() + " of chain '" + p.chain()
                            + "' is in a batch of chain '" + b.chain() + "'");
                }
            }
        }
    }

    private static String describe(List<BlockBatch> batches) {
        BlockBatch first = batches.getFirst();
        BlockBatch last = batches.getLast();
        return "commit of " + batches.size() + " block(s) of chain '" + first.chain() + "' #" + first.block().number()
                + ".." + (last.chain().equals(first.chain()) ? "" : last.chain() + " ") + "#" + last.block().number();
    }

    /**
     * Fixes the removed flag of events stored at the heights of this commit's blocks of
     * {@code chain}. Only heights up to the chain's highest committed block can hold events, so
     * in the usual case (new blocks) there is nothing to do. Returns whether there were such heights.
     */
    private static boolean reconcileRemoved(Connection c, String chain, Map<BlockKey, BlockRef> blocks) throws SQLException {
        long highest = highestCommitted(c, chain);
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(RECONCILE_REMOVED)) {
            for (Map.Entry<BlockKey, BlockRef> e : blocks.entrySet()) {
                BlockRef b = e.getValue();
                if (e.getKey().chain().equals(chain) && b.number() <= highest) {
                    byte[] hash = Bytea.of(b.hash());
                    ps.setBytes(1, hash);
                    ps.setString(2, chain);
                    ps.setLong(3, b.number());
                    ps.setBytes(4, hash);
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
        return n > 0;
    }

    /** The highest block number ever committed for {@code chain}, or -1. */
    private static long highestCommitted(Connection c, String chain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HIGHEST_COMMITTED)) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static void upsertBlocks(Connection c, Map<BlockKey, BlockRef> blocks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_BLOCK)) {
            for (Map.Entry<BlockKey, BlockRef> e : blocks.entrySet()) {
                ps.setString(1, e.getKey().chain());
                ps.setLong(2, e.getValue().number());
                ps.setBytes(3, Bytea.of(e.getValue().hash()));
                ps.setBytes(4, Bytea.of(e.getValue().parentHash()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void upsertCheckpoint(Connection c, String chain, BlockRef block, long highest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_CHECKPOINT)) {
            ps.setString(1, chain);
            ps.setLong(2, block.number());
            ps.setBytes(3, Bytea.of(block.hash()));
            ps.setBytes(4, Bytea.of(block.parentHash()));
            ps.setLong(5, highest);
            ps.setTimestamp(6, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    private static Optional<BlockRef> storedBlock(Connection c, String chain, long number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT number, hash, parent_hash FROM blocks WHERE chain = ? AND number = ?")) {
            ps.setString(1, chain);
            ps.setLong(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(blockRef(rs)) : Optional.empty();
            }
        }
    }

    private static void update(Connection c, String sql, String chain, long number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, chain);
            ps.setLong(2, number);
            ps.executeUpdate();
        }
    }

    private static BlockRef blockRef(ResultSet rs) throws SQLException {
        return new BlockRef(rs.getLong(1), Bytea.hash32(rs.getBytes(2)), Bytea.hash32(rs.getBytes(3)));
    }

    private <T> T query(String what, Transactions.Work<T> work) {
        return Transactions.query(dataSource, what, work);
    }

    private <T> T inTransaction(String what, Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, what, work);
    }

    private record BlockKey(String chain, long number) {
    }

    private record PoolKey(String chain, io.chainwatch.core.Address address) {
    }
}
