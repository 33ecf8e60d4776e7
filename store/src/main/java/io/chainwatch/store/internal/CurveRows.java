package io.chainwatch.store.internal;

import io.chainwatch.core.U256;
import io.chainwatch.store.CurveRow;
import io.chainwatch.store.SolanaSignature;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * Curve states in the {@code pump_curves} table: upserted by mint through a binary COPY into a
 * staging table (one statement for any number of curves, no per-row round trip or decimal text),
 * read back exactly. Stateless.
 */
final class CurveRows {
    static final String COLUMNS = "mint, status, creator, virtual_token_reserves, virtual_sol_reserves, real_token_reserves, "
            + "real_sol_reserves, token_total_supply, complete, buy_volume_lamports, sell_volume_lamports, trades, created_slot, "
            + "last_trade_slot, last_trade_signature, updated_slot";
    private static final int FIELDS = 16;
    private static final String CREATE_STAGING =
            "CREATE TEMP TABLE IF NOT EXISTS pump_curves_in (LIKE pump_curves INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY pump_curves_in (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String UPSERT = "INSERT INTO pump_curves (" + COLUMNS + ") SELECT " + COLUMNS + " FROM pump_curves_in "
            + "ON CONFLICT (mint) DO UPDATE SET status = excluded.status, creator = excluded.creator, "
            + "virtual_token_reserves = excluded.virtual_token_reserves, virtual_sol_reserves = excluded.virtual_sol_reserves, "
            + "real_token_reserves = excluded.real_token_reserves, real_sol_reserves = excluded.real_sol_reserves, "
            + "token_total_supply = excluded.token_total_supply, complete = excluded.complete, "
            + "buy_volume_lamports = excluded.buy_volume_lamports, sell_volume_lamports = excluded.sell_volume_lamports, "
            + "trades = excluded.trades, created_slot = excluded.created_slot, last_trade_slot = excluded.last_trade_slot, "
            + "last_trade_signature = excluded.last_trade_signature, updated_slot = excluded.updated_slot";
    private static final byte[][] STATUSES = new byte[CurveRow.Status.values().length][];

    static {
        for (CurveRow.Status s : CurveRow.Status.values()) {
            STATUSES[s.ordinal()] = CopyBinary.utf8(s.storedName());
        }
    }

    private CurveRows() {
    }

    /** Upserts every curve; the caller passes at most one per mint, as one statement may not touch a row twice. */
    static void upsert(Connection c, Collection<CurveRow> curves) throws SQLException {
        if (curves.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_STAGING);
        }
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_STAGING);
        try {
            CopyBinary w = new CopyBinary(in);
            for (CurveRow r : curves) {
                row(w, r);
            }
            w.finish();
        } catch (SQLException | RuntimeException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(UPSERT);
        }
    }

    private static void row(CopyBinary w, CurveRow r) throws SQLException {
        w.row(FIELDS).bytea(r.mint()).text(STATUSES[r.status().ordinal()]).bytea(r.creator())
                .numericUnsigned(r.virtualTokenReserves()).numericUnsigned(r.virtualSolLamports())
                .numericUnsigned(r.realTokenReserves()).numericUnsigned(r.realSolLamports()).numericUnsigned(r.tokenTotalSupply())
                .bool(r.complete()).numeric(r.buyVolumeLamports()).numeric(r.sellVolumeLamports()).int8(r.trades());
        if (r.createdSlot() == CurveRow.UNKNOWN_SLOT) {
            w.nul();
        } else {
            w.int8(r.createdSlot());
        }
        if (r.lastTrade() == null) {
            w.nul().nul();
        } else {
            w.int8(r.lastTrade().slot()).bytea(r.lastTrade().signature());
        }
        w.int8(r.updatedSlot());
        w.endRow();
    }

    /** Decodes a row selected with {@link #COLUMNS}, in that order. */
    static CurveRow read(ResultSet rs) throws SQLException {
        long createdSlot = rs.getLong(13);
        if (rs.wasNull()) {
            createdSlot = CurveRow.UNKNOWN_SLOT;
        }
        long lastTradeSlot = rs.getLong(14);
        SolanaSignature lastTradeSignature = SolanaEventReader.signature(rs, 15);
        return new CurveRow(SolanaEventReader.pubkey(rs, 1), CurveRow.Status.ofStoredName(rs.getString(2)),
                SolanaEventReader.pubkey(rs, 3), SolanaEventReader.u64(rs, 4), SolanaEventReader.u64(rs, 5),
                SolanaEventReader.u64(rs, 6), SolanaEventReader.u64(rs, 7), SolanaEventReader.u64(rs, 8), rs.getBoolean(9),
                U256.parse(rs.getString(10)), U256.parse(rs.getString(11)), rs.getLong(12), createdSlot,
                lastTradeSignature == null ? null : new CurveRow.LastTrade(lastTradeSlot, lastTradeSignature), rs.getLong(16));
    }
}
