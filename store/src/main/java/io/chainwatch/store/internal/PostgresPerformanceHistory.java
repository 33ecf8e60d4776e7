package io.chainwatch.store.internal;

import io.chainwatch.core.config.PerformanceConfig;
import io.chainwatch.monitor.PerformanceHistory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The performance history in the {@code performance_history} table (V7), downsampled here rather than
 * by an extension: each sample is a row per series at resolution 0; once a minute is over its samples
 * are aggregated into a one-minute row, once an hour is over its minutes into a one-hour row (sum,
 * count, minimum, maximum, so means stay exact); then each resolution older than its retention is
 * deleted. Aggregation starts after the last bucket already made, so a restart catches up, and it
 * overwrites a bucket made twice, so nothing doubles.
 *
 * <p>{@link #append} is called by the monitor's sampler thread only; {@link #query} from any thread.
 */
public final class PostgresPerformanceHistory implements PerformanceHistory {
    /** The resolutions kept, finest first, in seconds (0: the samples themselves). */
    static final int[] RESOLUTIONS = {0, 60, 3600};

    private static final String INSERT = """
            INSERT INTO performance_history (resolution_s, bucket, metric, samples, sum, min, max)
            VALUES (0, ?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String ROLL_UP = """
            INSERT INTO performance_history (resolution_s, bucket, metric, samples, sum, min, max)
            SELECT ?, date_bin(make_interval(secs => ?), bucket, timestamptz 'epoch') AS b, metric, sum(samples), sum(sum), min(min), max(max)
            FROM performance_history
            WHERE resolution_s = ? AND bucket >= ? AND bucket < ?
            GROUP BY b, metric
            ON CONFLICT (resolution_s, bucket, metric)
            DO UPDATE SET samples = EXCLUDED.samples, sum = EXCLUDED.sum, min = EXCLUDED.min, max = EXCLUDED.max""";
    private static final String LAST_BUCKET = "SELECT max(bucket) FROM performance_history WHERE resolution_s = ?";
    private static final String PRUNE = "DELETE FROM performance_history WHERE resolution_s = ? AND bucket < ?";
    private static final String QUERY = """
            SELECT metric, date_bin(make_interval(secs => ?), bucket, ?) AS b, sum(sum) / sum(samples), min(min), max(max), sum(samples)
            FROM performance_history
            WHERE resolution_s = ? AND bucket >= ? AND bucket < ?
            GROUP BY metric, b
            ORDER BY metric, b""";

    private final DataSource dataSource;
    private final long[] retentionMs;
    private final InstantSource clock;
    /** The minute of the last roll-up: the sampler thread's. */
    private long rolledUpMinute = Long.MIN_VALUE;

    public PostgresPerformanceHistory(DataSource dataSource, PerformanceConfig.Retention retention, InstantSource clock) {
        this.dataSource = dataSource;
        this.retentionMs = new long[]{retention.rawMs(), retention.minuteMs(), retention.hourMs()};
        this.clock = clock;
    }

    @Override
    public void append(Instant at, Map<String, Double> figures) {
        long minute = Math.floorDiv(at.toEpochMilli(), 60_000L);
        boolean rollUp = minute != rolledUpMinute;
        Transactions.inTransaction(dataSource, "appending a performance sample", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                Timestamp t = Timestamp.from(at);
                for (Map.Entry<String, Double> e : figures.entrySet()) {
                    ps.setTimestamp(1, t);
                    ps.setString(2, e.getKey());
                    ps.setDouble(3, e.getValue());
                    ps.setDouble(4, e.getValue());
                    ps.setDouble(5, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (rollUp) {
                downsample(c, at);
            }
            return null;
        });
        if (rollUp) {
            rolledUpMinute = minute;
        }
    }

    /** Makes every minute and hour over by {@code at} not made yet, then deletes what is past retention. */
    private void downsample(Connection c, Instant at) throws SQLException {
        for (int i = 1; i < RESOLUTIONS.length; i++) {
            int res = RESOLUTIONS[i];
            long resMs = res * 1000L;
            Instant end = Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), resMs) * resMs);
            Instant last = lastBucket(c, res);
            Instant start = last == null ? Instant.EPOCH : last.plusMillis(resMs);
            if (start.isBefore(end)) {
                try (PreparedStatement ps = c.prepareStatement(ROLL_UP)) {
                    ps.setInt(1, res);
                    ps.setInt(2, res);
                    ps.setInt(3, RESOLUTIONS[i - 1]);
                    ps.setTimestamp(4, Timestamp.from(start));
                    ps.setTimestamp(5, Timestamp.from(end));
                    ps.executeUpdate();
                }
            }
        }
        for (int i = 0; i < RESOLUTIONS.length; i++) {
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                ps.setInt(1, RESOLUTIONS[i]);
                ps.setTimestamp(2, Timestamp.from(at.minusMillis(retentionMs[i])));
                ps.executeUpdate();
            }
        }
    }

    private static Instant lastBucket(Connection c, int resolution) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAST_BUCKET)) {
            ps.setInt(1, resolution);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    @Override
    public List<Series> query(Instant from, Instant to, Duration step) {
        int resolution = resolution(from, step);
        return Transactions.query(dataSource, "reading the performance history", c -> {
            Map<String, List<Point>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setLong(1, Math.max(1, step.toSeconds()));
                ps.setTimestamp(2, Timestamp.from(from));
                ps.setInt(3, resolution);
                ps.setTimestamp(4, Timestamp.from(from));
                ps.setTimestamp(5, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Point(rs.getTimestamp(2).toInstant(),
                                rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)));
                    }
                }
            }
            List<Series> series = new ArrayList<>(out.size());
            out.forEach((metric, points) -> series.add(new Series(metric, points)));
            return series;
        });
    }

    /** The finest resolution not finer than the step that still holds {@code from}; the coarsest such one when none does. */
    int resolution(Instant from, Duration step) {
        long stepS = step.toSeconds();
        int chosen = 0;
        for (int i = 0; i < RESOLUTIONS.length && RESOLUTIONS[i] <= stepS; i++) {
            chosen = RESOLUTIONS[i];
            if (!from.isBefore(clock.instant().minusMillis(retentionMs[i]))) {
                return chosen;
            }
        }
        return chosen;
    }
}
