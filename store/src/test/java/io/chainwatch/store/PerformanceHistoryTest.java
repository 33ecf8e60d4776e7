package io.chainwatch.store;

import io.chainwatch.core.config.PerformanceConfig;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.monitor.PerformanceHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The performance history on a real PostgreSQL: two hours of 10 s samples go in, minutes and hours
 * come out aggregated exactly, each resolution is deleted past its retention, and a query reads the
 * finest resolution that still holds its start.
 */
@Timeout(180)
class PerformanceHistoryTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final PerformanceConfig.Retention RETENTION = new PerformanceConfig.Retention(3_600_000L, 3_600_000L, 86_400_000L);

    @TempDir
    Path dir;

    @Test
    void samplesAreDownsampledToMinutesAndHoursAndPrunedPastRetention() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        InstantSource clock = now::get;
        try (EmbeddedPostgres server = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(Fixtures.traversable(dir).resolve("pg")));
             Database db = Database.open(new StorageConfig(server.jdbcUrl(), "postgres", null, null))) {
            PerformanceHistory history = db.performanceHistory(RETENTION, clock);
            Instant end = T0.plus(Duration.ofMinutes(125));
            for (Instant at = T0; at.isBefore(end); at = at.plusSeconds(10)) {
                now.set(at);
                long minute = Duration.between(T0, at).toMinutes();
                // "minute" is the minute's number; "wave" goes 0..5 within each minute (mean 2.5, min 0, max 5).
                history.append(at, Map.of("minute", (double) minute, "wave", (double) ((at.getEpochSecond() / 10) % 6)));
            }
            Map<Integer, long[]> rows = rowsByResolution(db);
            // Raw rows: only the last hour is kept; minutes: the last hour; hours: 00:00 and 01:00 made, 02:00 not over.
            assertThat(rows.get(0)[1]).isGreaterThanOrEqualTo(T0.plus(Duration.ofMinutes(64)).getEpochSecond());
            assertThat(rows.get(60)[1]).isGreaterThanOrEqualTo(T0.plus(Duration.ofMinutes(64)).getEpochSecond());
            assertThat(rows.get(3600)[0]).isEqualTo(4); // two hours, two series

            List<PerformanceHistory.Series> hours = history.query(T0, T0.plus(Duration.ofHours(2)), Duration.ofHours(1));
            PerformanceHistory.Series minute = hours.stream().filter(s -> s.metric().equals("minute")).findFirst().orElseThrow();
            assertThat(minute.points()).hasSize(2);
            assertThat(minute.points().get(0).at()).isEqualTo(T0);
            assertThat(minute.points().get(0).mean()).isCloseTo(29.5, within(1e-9)); // minutes 0..59
            assertThat(minute.points().get(0).samples()).isEqualTo(360);
            assertThat(minute.points().get(1).min()).isEqualTo(60);
            assertThat(minute.points().get(1).max()).isEqualTo(119);

            // The last ten minutes, per minute: read from the samples themselves.
            Instant from = T0.plus(Duration.ofMinutes(110));
            List<PerformanceHistory.Series> recent = history.query(from, from.plus(Duration.ofMinutes(10)), Duration.ofMinutes(1));
            PerformanceHistory.Series wave = recent.stream().filter(s -> s.metric().equals("wave")).findFirst().orElseThrow();
            assertThat(wave.points()).hasSize(10).allSatisfy(p -> {
                assertThat(p.mean()).isCloseTo(2.5, within(1e-9));
                assertThat(p.min()).isZero();
                assertThat(p.max()).isEqualTo(5);
                assertThat(p.samples()).isEqualTo(6);
            });
        }
    }

    /** Per resolution: the row count and the oldest bucket (epoch seconds). */
    private static Map<Integer, long[]> rowsByResolution(Database db) throws Exception {
        Map<Integer, long[]> out = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT resolution_s, count(*), extract(epoch FROM min(bucket))::bigint FROM performance_history "
                     + "GROUP BY resolution_s")) {
            while (rs.next()) {
                out.put(rs.getInt(1), new long[]{rs.getLong(2), rs.getLong(3)});
            }
        }
        return out;
    }
}
