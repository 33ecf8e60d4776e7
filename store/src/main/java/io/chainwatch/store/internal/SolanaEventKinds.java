package io.chainwatch.store.internal;

import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaPubkey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codes of {@code solana_event_kinds} (V13): a program and one of its events, as event rows
 * store them. Known codes are kept here; a kind not stored yet is added in the transaction of the
 * commit that first stores an event of it, and kept here once that commit is through, so a commit
 * rolled back leaves no code behind that the table lacks. Thread-safe.
 */
final class SolanaEventKinds {
    // A name the program was stored under before gives way to the one it comes with now.
    private static final String ADD = "INSERT INTO solana_event_kinds (program, program_name, kind) VALUES (?, ?, ?) "
            + "ON CONFLICT (program, kind) DO UPDATE SET program_name = excluded.program_name RETURNING code";

    /** A program, the name it goes by, and the name of one of its events. */
    record Kind(SolanaPubkey program, String programName, String kind) {
        static Kind of(SolanaEventRow e) {
            return new Kind(e.program(), e.programName(), e.kind());
        }

        boolean isOf(SolanaEventRow e) {
            return kind.equals(e.kind()) && programName.equals(e.programName()) && program.equals(e.program());
        }
    }

    /**
     * The codes of one commit's kinds, for its rows. Runs of one kind are the rule (a slot of trades): a row of
     * the kind before it is given that code without a lookup.
     */
    static final class Resolved implements SolanaEventCopy.KindCodes {
        private final Map<Kind, Short> codes = new HashMap<>();
        private Kind last;
        private short lastCode;

        @Override
        public short code(SolanaEventRow e) {
            if (last == null || !last.isOf(e)) {
                last = Kind.of(e);
                lastCode = codes.get(last);
            }
            return lastCode;
        }
    }

    private final Map<Kind, Short> known = new ConcurrentHashMap<>();

    /** The codes of the events' kinds, those not stored yet added in {@code c}'s transaction; {@link #committed} keeps them. */
    Resolved resolve(Connection c, List<SolanaEventRow> events) throws SQLException {
        Resolved out = new Resolved();
        Kind last = null;
        for (SolanaEventRow e : events) {
            if (last != null && last.isOf(e)) {
                continue;
            }
            last = Kind.of(e);
            if (!out.codes.containsKey(last)) {
                Short code = known.get(last);
                out.codes.put(last, code != null ? code : add(c, last));
            }
        }
        return out;
    }

    /** Keeps the codes resolved for a commit that went through. */
    void committed(Resolved resolved) {
        known.putAll(resolved.codes);
    }

    private static short add(Connection c, Kind k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ADD)) {
            ps.setBytes(1, k.program().bytes());
            ps.setString(2, k.programName());
            ps.setString(3, k.kind());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getShort(1);
            }
        }
    }
}
