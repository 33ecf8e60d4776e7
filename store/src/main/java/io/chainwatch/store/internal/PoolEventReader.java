package io.chainwatch.store.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.U256;
import io.chainwatch.market.Burn;
import io.chainwatch.market.LogPosition;
import io.chainwatch.market.Mint;
import io.chainwatch.market.PairCreated;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.Swap;
import io.chainwatch.market.Sync;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Decodes rows selected with {@link PoolEventCopy#COLUMNS}, in that order, back into events. Stateless. */
final class PoolEventReader {
    private PoolEventReader() {
    }

    static PoolEvent read(ResultSet rs) throws SQLException {
        // Column numbers follow PoolEventCopy.COLUMNS.
        LogPosition p = new LogPosition(rs.getString(1), rs.getLong(2), Bytea.hash32(rs.getBytes(3)), Bytea.hash32(rs.getBytes(7)),
                rs.getInt(5), rs.getInt(4));
        String kind = rs.getString(6);
        return switch (kind) {
            case "PairCreated" -> new PairCreated(p, address(rs, 11), address(rs, 12), address(rs, 13), address(rs, 8), rs.getLong(14));
            case "Sync" -> new Sync(p, address(rs, 8), u256(rs, 15), u256(rs, 16));
            case "Swap" -> new Swap(p, address(rs, 8), address(rs, 9), address(rs, 10),
                    u256(rs, 19), u256(rs, 20), u256(rs, 21), u256(rs, 22));
            case "Mint" -> new Mint(p, address(rs, 8), address(rs, 9), u256(rs, 17), u256(rs, 18));
            case "Burn" -> new Burn(p, address(rs, 8), address(rs, 9), address(rs, 10), u256(rs, 17), u256(rs, 18));
            default -> throw new IllegalStateException("pool_events row at " + p + " has unknown kind '" + kind + "'");
        };
    }

    private static Address address(ResultSet rs, int column) throws SQLException {
        return Bytea.address(rs.getBytes(column));
    }

    static U256 u256(ResultSet rs, int column) throws SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? null : U256.of(v.toBigIntegerExact());
    }
}
