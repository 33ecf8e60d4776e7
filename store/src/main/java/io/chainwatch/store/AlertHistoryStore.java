package io.chainwatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertHistory;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.Severity;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The alert history in PostgreSQL (tables {@code alert_states} and {@code alert_notification_attempts}).
 * Writes block on the database: give it to the alert manager inside a
 * {@link io.chainwatch.alerts.QueuedAlertHistory}. Thread-safe: each call takes its own connection.
 */
public final class AlertHistoryStore implements AlertHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final DataSource pool;

    AlertHistoryStore(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public void recordState(Alert alert, Instant at) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO alert_states (at, fingerprint, name, severity, status, labels, annotations, "
                     + "starts_at, ends_at, resolved_reason) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, alert.fingerprint());
            ps.setString(3, alert.name());
            ps.setString(4, alert.severity().name());
            ps.setString(5, alert.status().name());
            ps.setString(6, JSON.writeValueAsString(alert.labels()));
            ps.setString(7, JSON.writeValueAsString(alert.annotations()));
            ps.setTimestamp(8, Timestamp.from(alert.startsAt()));
            ps.setTimestamp(9, alert.endsAt().map(Timestamp::from).orElse(null));
            ps.setString(10, alert.resolvedReason().orElse(null));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("recording alert " + alert.name() + " " + alert.status() + " failed", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert labels that cannot be written as JSON", e);
        }
    }

    @Override
    public void recordAttempt(NotificationAttempt a) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO alert_notification_attempts (at, channel, group_key, fingerprints, status, "
                     + "attempt, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(a.at()));
            ps.setString(2, a.channel());
            ps.setString(3, a.groupKey());
            ps.setArray(4, c.createArrayOf("text", a.fingerprints().toArray()));
            ps.setString(5, a.status().name());
            ps.setInt(6, a.attempt());
            ps.setString(7, a.outcome().name());
            ps.setString(8, a.reason());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("recording a notification attempt to " + a.channel() + " failed", e);
        }
    }

    @Override
    public List<AlertRecord> alerts(AlertQuery q) {
        StringBuilder sql = new StringBuilder("SELECT at, fingerprint, name, severity, status, labels, annotations, starts_at, ends_at, "
                + "resolved_reason FROM alert_states WHERE true");
        List<Object> args = new ArrayList<>();
        q.state().ifPresent(s -> where(sql, args, " AND status = ?", s.name()));
        q.severity().ifPresent(s -> where(sql, args, " AND severity = ?", s.name()));
        q.from().ifPresent(f -> where(sql, args, " AND at >= ?", Timestamp.from(f)));
        q.to().ifPresent(t -> where(sql, args, " AND at < ?", Timestamp.from(t)));
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        args.add(q.limit());
        try (Connection c = pool.getConnection(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<AlertRecord> out = new ArrayList<>();
            while (rs.next()) {
                Alert alert = new Alert(rs.getString(2), rs.getString(3), Severity.valueOf(rs.getString(4)), new TreeMap<>(map(rs.getString(6))),
                        map(rs.getString(7)), AlertStatus.valueOf(rs.getString(5)), rs.getTimestamp(8).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(9)).map(Timestamp::toInstant), Optional.ofNullable(rs.getString(10)));
                out.add(new AlertRecord(rs.getTimestamp(1).toInstant(), alert));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("reading the alert history failed", e);
        }
    }

    @Override
    public List<NotificationAttempt> attempts(AttemptQuery q) {
        StringBuilder sql = new StringBuilder("SELECT at, channel, group_key, fingerprints, status, attempt, outcome, reason "
                + "FROM alert_notification_attempts WHERE true");
        List<Object> args = new ArrayList<>();
        q.channel().ifPresent(ch -> where(sql, args, " AND channel = ?", ch));
        q.fingerprint().ifPresent(f -> where(sql, args, " AND fingerprints @> ARRAY[?]::text[]", f));
        q.from().ifPresent(f -> where(sql, args, " AND at >= ?", Timestamp.from(f)));
        q.to().ifPresent(t -> where(sql, args, " AND at < ?", Timestamp.from(t)));
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        args.add(q.limit());
        try (Connection c = pool.getConnection(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<NotificationAttempt> out = new ArrayList<>();
            while (rs.next()) {
                Array fingerprints = rs.getArray(4);
                out.add(new NotificationAttempt(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        List.of((String[]) fingerprints.getArray()), AlertStatus.valueOf(rs.getString(5)), rs.getInt(6),
                        Outcome.valueOf(rs.getString(7)), rs.getString(8)));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("reading the notification attempts failed", e);
        }
    }

    private static void where(StringBuilder sql, List<Object> args, String condition, Object arg) {
        sql.append(condition);
        args.add(arg);
    }

    private static PreparedStatement prepare(Connection c, StringBuilder sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    private static Map<String, String> map(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new StorageException("stored alert labels do not read as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
