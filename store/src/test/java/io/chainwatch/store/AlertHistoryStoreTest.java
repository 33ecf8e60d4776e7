package io.chainwatch.store;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertHistory;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.QueuedAlertHistory;
import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The alert history on a real PostgreSQL: state changes and attempts written and read back by state, severity, time and limit. */
@Timeout(120)
class AlertHistoryStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path dir;

    private static Alert alert(String fingerprint, Severity severity, AlertStatus status, Instant endsAt, String reason) {
        return new Alert(fingerprint, "Gap", severity, new TreeMap<>(Map.of("alertname", "Gap", "chain", "solana")),
                Map.of("summary", "3 slots missing"), status, T0, Optional.ofNullable(endsAt), Optional.ofNullable(reason));
    }

    @Test
    void stateChangesAndAttemptsReadBackAsWrittenNewestFirstByStateSeverityTimeAndLimit() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(Fixtures.traversable(dir).resolve("pg")));
             Database db = Database.open(new StorageConfig(server.jdbcUrl(), "postgres", null, null))) {
            AlertHistoryStore store = db.alertHistory();
            Alert firing = alert("aaaa", Severity.WARNING, AlertStatus.FIRING, null, null);
            Alert resolved = alert("aaaa", Severity.WARNING, AlertStatus.RESOLVED, T0.plusSeconds(60), "orphaned: solana 100 rolled back (from 95)");
            Alert critical = alert("bbbb", Severity.CRITICAL, AlertStatus.FIRING, null, null);
            AlertHistory.NotificationAttempt failed = new AlertHistory.NotificationAttempt(T0.plusSeconds(10), "slack", "route0{alertname=Gap}",
                    List.of("aaaa", "bbbb"), AlertStatus.FIRING, 1, AlertHistory.Outcome.FAILED, "HTTP 503");
            AlertHistory.NotificationAttempt delivered = new AlertHistory.NotificationAttempt(T0.plusSeconds(12), "slack",
                    "route0{alertname=Gap}", List.of("aaaa", "bbbb"), AlertStatus.FIRING, 2, AlertHistory.Outcome.DELIVERED, "HTTP 200");
            try (QueuedAlertHistory queued = new QueuedAlertHistory(store, 100)) {
                queued.recordState(firing, T0);
                queued.recordState(critical, T0.plusSeconds(5));
                queued.recordState(resolved, T0.plusSeconds(60));
                queued.recordAttempt(failed);
                queued.recordAttempt(delivered);
                await().until(() -> store.attempts(AlertHistory.AttemptQuery.latest(10)).size() == 2);
                assertThat(queued.dropped()).isZero();
                assertThat(queued.failed()).isZero();
            }

            assertThat(store.alerts(AlertHistory.AlertQuery.latest(10))).extracting(AlertHistory.AlertRecord::alert)
                    .containsExactly(resolved, critical, firing);
            assertThat(store.alerts(AlertHistory.AlertQuery.latest(1))).singleElement()
                    .satisfies(r -> assertThat(r.at()).isEqualTo(T0.plusSeconds(60)));
            assertThat(store.alerts(new AlertHistory.AlertQuery(Optional.of(AlertStatus.FIRING), Optional.of(Severity.CRITICAL), Optional.empty(),
                    Optional.empty(), 10))).extracting(r -> r.alert().fingerprint()).containsExactly("bbbb");
            assertThat(store.alerts(new AlertHistory.AlertQuery(Optional.empty(), Optional.empty(), Optional.of(T0), Optional.of(T0.plusSeconds(60)),
                    10))).extracting(r -> r.alert().status()).containsExactly(AlertStatus.FIRING, AlertStatus.FIRING);

            assertThat(store.attempts(AlertHistory.AttemptQuery.latest(10))).containsExactly(delivered, failed);
            assertThat(store.attempts(new AlertHistory.AttemptQuery(Optional.of("slack"), Optional.of("bbbb"), Optional.empty(),
                    Optional.of(T0.plusSeconds(11)), 10))).containsExactly(failed);
            assertThat(store.attempts(new AlertHistory.AttemptQuery(Optional.of("sms"), Optional.empty(), Optional.empty(), Optional.empty(), 10)))
                    .isEmpty();
        }
    }
}
