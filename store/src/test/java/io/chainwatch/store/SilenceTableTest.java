package io.chainwatch.store;

import io.chainwatch.alerts.AlertManager;
import io.chainwatch.alerts.InMemoryAlertHistory;
import io.chainwatch.alerts.Silence;
import io.chainwatch.core.config.AlertsConfig;
import io.chainwatch.core.config.StorageConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A silence set through the alert manager outlives it: a second manager on the same database (a restart) has it, until it is deleted. */
@Timeout(120)
class SilenceTableTest {
    @TempDir
    Path dir;

    private static AlertManager manager(Database db) {
        return AlertManager.builder(AlertsConfig.defaults()).channels(List.of()).history(new InMemoryAlertHistory(100))
                .silences(db.silences()).registry(new SimpleMeterRegistry()).clock(InstantSource.system()).random(new SplittableRandom(7))
                .build();
    }

    @Test
    void aSilenceSurvivesARestartAndADeletedOneDoesNot() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(Fixtures.traversable(dir).resolve("pg")));
             Database db = Database.open(new StorageConfig(server.jdbcUrl(), "postgres", null, null))) {
            Instant ends = Instant.now().plusSeconds(3_600);
            Silence kept;
            Silence deleted;
            try (AlertManager first = manager(db)) {
                kept = first.createSilence(new Silence.Request(List.of("alertname=EndpointBenched", "chain=~\"eth|sol.*\""), null, ends,
                        "alice", "provider maintenance"));
                deleted = first.createSilence(new Silence.Request(List.of("alertname=CurveCompleted"), null, ends, "bob", ""));
                assertThat(first.deleteSilence(deleted.id())).isTrue();
            }
            try (AlertManager second = manager(db)) {
                assertThat(second.silences()).containsExactly(kept);
                assertThat(second.silences().getFirst().mutes(java.util.Map.of("alertname", "EndpointBenched", "chain", "solana"), Instant.now()))
                        .isTrue();
                assertThat(second.deleteSilence(kept.id())).isTrue();
            }
            assertThat(db.silences().load()).isEmpty();
            assertThat(deleted.id()).isNotEqualTo(kept.id());
        }
    }
}
