package io.chainwatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.RiskSnapshot;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The risk manager's state in PostgreSQL, so that a restart resumes with the day's loss, the
 * drawdown, the losses in a row and an emergency stop as they were, and its append-only audit trail.
 * The trade history is not kept in the state's row (rewriting up to 10,000 results on every change
 * would cost more than the change): it is the audit trail's settlements, read back by {@link #load}.
 * Thread-safe: each call takes its own connection.
 */
public final class RiskStateStore {
    /** The audit kind of a settlement, whose record's {@code pnl} is one trade's realized result. */
    public static final String SETTLEMENT = "settlement";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final DataSource pool;

    RiskStateStore(DataSource pool) {
        this.pool = pool;
    }

    /** The state last saved for {@code account}; empty for an account never saved. */
    public Optional<RiskSnapshot> load(String account) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state FROM risk_state WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                RiskSnapshot state = JSON.readValue(rs.getString(1), RiskSnapshot.class);
                return Optional.of(new RiskSnapshot(state.day(), state.lossToday(), state.equity(), state.peakEquity(), state.startEquity(),
                        state.consecutiveLosses(), state.state(), state.stopReasons(), state.manualStop(), state.haltedUntil(),
                        state.stoppedAt(), state.open(), history(c, account)));
            }
        } catch (SQLException e) {
            throw new StorageException("loading the risk state of " + account + " failed", e);
        } catch (JsonProcessingException e) {
            throw new StorageException("the stored risk state of " + account + " does not read: " + e.getOriginalMessage(), e);
        }
    }

    /** The last {@link RiskManager#HISTORY} settlements' results, oldest first. */
    private static java.util.List<java.math.BigDecimal> history(Connection c, String account) throws SQLException {
        java.util.ArrayList<java.math.BigDecimal> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT record ->> 'pnl' FROM risk_audit WHERE account = ? AND kind = ? "
                + "ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, account);
            ps.setString(2, SETTLEMENT);
            ps.setInt(3, RiskManager.HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new java.math.BigDecimal(rs.getString(1)));
                }
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Replaces {@code account}'s saved state; its trade history is left to the audit trail's settlements. */
    public void save(String account, RiskSnapshot state, Instant at) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO risk_state (account, state, updated_at) VALUES (?, ?::jsonb, ?) "
                     + "ON CONFLICT (account) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at")) {
            ps.setString(1, account);
            ps.setString(2, JSON.writeValueAsString(new RiskSnapshot(state.day(), state.lossToday(), state.equity(), state.peakEquity(),
                    state.startEquity(), state.consecutiveLosses(), state.state(), state.stopReasons(), state.manualStop(), state.haltedUntil(),
                    state.stoppedAt(), state.open(), java.util.List.of())));
            ps.setTimestamp(3, Timestamp.from(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("saving the risk state of " + account + " failed", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a risk state that cannot be written as JSON", e);
        }
    }

    /** Appends one audit record: {@code kind} (decision, state change, settlement) and the record with its inputs. */
    public void audit(String account, String kind, Instant at, Object record) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO risk_audit (account, at, kind, record) VALUES (?, ?, ?, ?::jsonb)")) {
            ps.setString(1, account);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, kind);
            ps.setString(4, JSON.writeValueAsString(record));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("appending to the risk audit of " + account + " failed", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit record that cannot be written as JSON", e);
        }
    }
}
