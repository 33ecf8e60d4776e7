package io.chainwatch.store;

import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.risk.Decision;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.risk.RiskSnapshot;
import io.chainwatch.risk.TradeRequest;
import io.chainwatch.risk.TradingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The risk state on a real PostgreSQL: an emergency stop, the day's loss and an open trade saved,
 * the server stopped and started again, and a new risk manager resumed from what was stored.
 */
@Timeout(120)
class RiskStateStoreTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T12:00:00Z"));
    private static final RiskLimits LIMITS = new RiskLimits(new BigDecimal("1000"), new BigDecimal("10000"), 0.05, 0.10,
            new BigDecimal("5000"), 3, Duration.ofMinutes(15), false, Map.of("arb", new BigDecimal("8000")));

    @TempDir
    Path dir;

    private static TradeRequest trade(String id, String notional) {
        return new TradeRequest(id, "arb", new BigDecimal(notional), new BigDecimal("5"), new BigDecimal("20"), false, 0.02, 0.01, 0.005,
                0.1, Duration.ofMillis(200), 0);
    }

    @Test
    void anEmergencyStopAndTheDaysLossSurviveARestartOfTheDatabaseAndTheProcess() throws Exception {
        Path pg = Fixtures.traversable(dir).resolve("pg");
        RiskSnapshot saved;
        try (EmbeddedPostgres server = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(pg));
             Database db = Database.open(new StorageConfig(server.jdbcUrl(), "postgres", null, null))) {
            RiskStateStore store = db.riskStore();
            assertThat(store.load("main")).isEmpty();
            // The history is read back from the settlements the audit trail holds, as the program writes them.
            RiskManager risk = new RiskManager(LIMITS, new BigDecimal("100000"), null, CLOCK, e -> store.audit("main",
                    e instanceof RiskManager.RiskEvent.Settled ? RiskStateStore.SETTLEMENT : e.getClass().getSimpleName(), CLOCK.instant(), e));
            Decision d = risk.decide(trade("t1", "2000"));
            risk.settle(d.requestId(), new BigDecimal("-250.5"));
            risk.decide(trade("t2", "1000")); // still open when the process goes
            risk.emergencyStop("oracle looks wrong");
            saved = risk.snapshot();
            store.save("main", saved, CLOCK.instant());

            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                var rs = s.executeQuery("SELECT kind, count(*) FROM risk_audit WHERE account = 'main' GROUP BY kind ORDER BY kind");
                StringBuilder kinds = new StringBuilder();
                while (rs.next()) {
                    kinds.append(rs.getString(1)).append('=').append(rs.getInt(2)).append(' ');
                }
                assertThat(kinds.toString().trim()).isEqualTo("Decided=2 StateChanged=1 settlement=1");
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM risk_audit")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("risk_audit is append-only");
            }
        }
        try (EmbeddedPostgres server = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(pg));
             Database db = Database.open(new StorageConfig(server.jdbcUrl(), "postgres", null, null))) {
            RiskSnapshot loaded = db.riskStore().load("main").orElseThrow();
            assertThat(loaded).isEqualTo(saved);
            assertThat(loaded.history()).containsExactly(new BigDecimal("-250.5"));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                var rs = s.executeQuery("SELECT jsonb_array_length(state -> 'history') FROM risk_state WHERE account = 'main'");
                rs.next();
                assertThat(rs.getInt(1)).as("the row does not repeat the history").isZero();
            }
            RiskManager resumed = new RiskManager(LIMITS, new BigDecimal("1"), loaded, CLOCK, e -> { });
            assertThat(resumed.state()).isEqualTo(TradingState.HALTED);
            assertThat(resumed.snapshot().stopReasons()).containsExactly("emergency stop, manual: oracle looks wrong");
            assertThat(resumed.snapshot().lossToday()).isEqualByComparingTo("250.5");
            assertThat(resumed.snapshot().open()).containsOnlyKeys("t2");
            assertThat(resumed.decide(trade("t3", "100")).approved()).isFalse();
            assertThat(resumed.reset("alice")).isTrue();
            assertThat(resumed.decide(trade("t4", "100")).approved()).isTrue();
        }
    }
}
