package io.chainwatch.store.internal;

import io.chainwatch.market.PoolState;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Pool states in the {@code pools} table: upserted by (chain, address), read back exactly. Stateless. */
final class PoolStateRows {
    private static final String UPSERT_POOL = "INSERT INTO pools (chain, address, dex, token0, token1, fee_bps, reserve0, reserve1, "
            + "block_number, block_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chain, address) DO UPDATE SET "
            + "dex = excluded.dex, token0 = excluded.token0, token1 = excluded.token1, fee_bps = excluded.fee_bps, "
            + "reserve0 = excluded.reserve0, reserve1 = excluded.reserve1, block_number = excluded.block_number, "
            + "block_hash = excluded.block_hash";
    private static final String POOL_COLUMNS =
            "chain, dex, address, token0, token1, fee_bps, reserve0, reserve1, block_number, block_hash";

    private PoolStateRows() {
    }

    /** Upserts every state; the caller passes at most one per pool, as one statement may not touch a row twice. */
    static void upsert(Connection c, Iterable<PoolState> pools) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_POOL)) {
            int n = 0;
            for (PoolState p : pools) {
                ps.setString(1, p.chain());
                ps.setBytes(2, Bytea.of(p.address()));
                ps.setString(3, p.dex());
                ps.setBytes(4, Bytea.of(p.token0()));
                ps.setBytes(5, Bytea.of(p.token1()));
                ps.setInt(6, p.feeBps());
                ps.setBigDecimal(7, new BigDecimal(p.reserve0().toBigInteger()));
                ps.setBigDecimal(8, new BigDecimal(p.reserve1().toBigInteger()));
                ps.setLong(9, p.blockNumber());
                ps.setBytes(10, Bytea.of(p.blockHash()));
                ps.addBatch();
                n++;
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
    }

    static List<PoolState> select(Connection c, String chain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + POOL_COLUMNS + " FROM pools WHERE chain = ? ORDER BY address")) {
            ps.setString(1, chain);
            List<PoolState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PoolState(rs.getString(1), rs.getString(2), Bytea.address(rs.getBytes(3)),
                            Bytea.address(rs.getBytes(4)), Bytea.address(rs.getBytes(5)), rs.getInt(6),
                            PoolEventReader.u256(rs, 7), PoolEventReader.u256(rs, 8), rs.getLong(9), Bytea.hash32(rs.getBytes(10))));
                }
            }
            return out;
        }
    }
}
