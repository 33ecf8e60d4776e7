package io.chainwatch.store.internal;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaPubkey;
import io.chainwatch.store.SolanaSignature;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Decodes rows selected with {@link SolanaEventCopy#READ_COLUMNS}, in that order, back into events. Stateless. */
final class SolanaEventReader {
    private SolanaEventReader() {
    }

    static SolanaEventRow read(ResultSet rs) throws SQLException {
        // Column numbers follow SolanaEventCopy.READ_COLUMNS.
        SolanaSignature signature = signature(rs, 1);
        int txIndex = rs.getInt(4);
        if (rs.wasNull()) {
            txIndex = SolanaEventRow.UNKNOWN_TX_INDEX;
        }
        SolanaPubkey trader = pubkey(rs, 11);
        SolanaEventRow.Trade trade = trader == null ? null
                : new SolanaEventRow.Trade(trader, u64(rs, 12), u64(rs, 13), rs.getBoolean(14));
        return new SolanaEventRow(signature, rs.getInt(2), rs.getLong(3), txIndex, instant(rs, 5), pubkey(rs, 6),
                rs.getString(7), rs.getString(8), commitment(rs.getString(9)), pubkey(rs, 10), trade, rs.getBytes(15));
    }

    static Commitment commitment(String stored) {
        return switch (stored) {
            case "processed" -> Commitment.PROCESSED;
            case "confirmed" -> Commitment.CONFIRMED;
            case "finalized" -> Commitment.FINALIZED;
            default -> throw new IllegalStateException("stored commitment '" + stored + "' is of no known level");
        };
    }

    /** A u64 stored as numeric(20,0), back in a long (unsigned); 0 for null. */
    static long u64(ResultSet rs, int column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? 0 : Long.parseUnsignedLong(text);
    }

    /** Null for a null column. */
    static SolanaPubkey pubkey(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? null : SolanaPubkey.of(b);
    }

    /** Null for a null column. */
    static SolanaSignature signature(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? null : SolanaSignature.of(b);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
