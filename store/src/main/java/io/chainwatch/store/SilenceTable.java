package io.chainwatch.store;

import io.chainwatch.alerts.Silence;
import io.chainwatch.alerts.SilenceStore;
import io.chainwatch.core.config.LabelMatcher;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert silences in PostgreSQL (table {@code alert_silences}): written when the API sets or
 * deletes one, read at start. Thread-safe: each call takes its own connection.
 */
public final class SilenceTable implements SilenceStore {
    private final DataSource pool;

    SilenceTable(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<Silence> load() {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, matchers, starts_at, ends_at, created_by, comment FROM alert_silences");
             ResultSet rs = ps.executeQuery()) {
            List<Silence> out = new ArrayList<>();
            while (rs.next()) {
                List<LabelMatcher> matchers = new ArrayList<>();
                for (Object m : (Object[]) rs.getArray(2).getArray()) {
                    matchers.add(LabelMatcher.parse((String) m));
                }
                out.add(new Silence(rs.getString(1), matchers, rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getString(5),
                        rs.getString(6)));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("reading the alert silences failed", e);
        }
    }

    @Override
    public void save(Silence s) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO alert_silences (id, matchers, starts_at, ends_at, created_by, comment) "
                     + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, s.id());
            ps.setArray(2, c.createArrayOf("text", s.matchers().stream().map(LabelMatcher::toString).toArray()));
            ps.setTimestamp(3, Timestamp.from(s.startsAt()));
            ps.setTimestamp(4, Timestamp.from(s.endsAt()));
            ps.setString(5, s.createdBy());
            ps.setString(6, s.comment());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("keeping silence " + s.id() + " failed", e);
        }
    }

    @Override
    public void delete(String id) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM alert_silences WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("deleting silence " + id + " failed", e);
        }
    }
}
