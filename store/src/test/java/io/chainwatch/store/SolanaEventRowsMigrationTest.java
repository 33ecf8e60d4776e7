package io.chainwatch.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V13 on a database that V12 made and filled: every event stored before reads the same through the view
 * {@code solana_events}, column by column, and what the old table held beside the bytes is kept.
 */
@Timeout(120)
class SolanaEventRowsMigrationTest {
    // The old table's columns, the view's too, in their order.
    private static final String ALL = "signature, event_index, slot, tx_index, block_time, program, program_name, kind, commitment, "
            + "retracted, mint, trader, sol_amount, token_amount, is_buy, fields, data";

    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.scratch("v13-migration");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void everyEventStoredBeforeReadsTheSameThroughTheView() throws SQLException {
        migrate("12");
        byte[] trade = SolanaFixtures.tradeEventBytes(SolanaFixtures.key(1, 1), -1L, 5_000L, true, SolanaFixtures.key(2, 2), 99);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            String pump = "'\\x" + "11".repeat(32) + "'";
            String amm = "'\\x" + "22".repeat(32) + "'";
            st.execute("INSERT INTO solana_events (" + ALL + ") VALUES "
                    // A trade whose bytes say it, stored with its columns as before V13.
                    + "('\\x" + "01".repeat(64) + "', 0, 10, 3, '2025-03-04T05:06:07Z', " + pump + ", 'pump', 'TradeEvent', 'confirmed', "
                    + "false, '\\x" + hex(SolanaFixtures.key(1, 1).bytes()) + "', '\\x" + hex(SolanaFixtures.key(2, 2).bytes())
                    + "', 18446744073709551615, 5000, true, NULL, '\\x" + hex(trade) + "'), "
                    // A trade stored before its bytes were (V3): its columns and JSON fields are all there is.
                    + "('\\x" + "02".repeat(64) + "', 1, 11, NULL, NULL, " + pump + ", 'pump', 'TradeEvent', 'finalized', true, "
                    + "'\\x" + "33".repeat(32) + "', '\\x" + "44".repeat(32) + "', 7, 8, false, '{\"a\": 1}', NULL), "
                    // Another program's event, no mint, no trade.
                    + "('\\x" + "03".repeat(64) + "', 2, 12, 0, NULL, " + amm + ", 'pump_amm', 'BuyEvent', 'processed', false, "
                    + "NULL, NULL, NULL, NULL, NULL, NULL, '\\x0102')");
        }
        List<List<String>> before = rows();

        migrate("latest");

        assertThat(rows()).isEqualTo(before).hasSize(3);
        assertThat(text("SELECT count(*) FROM solana_event_kinds")).isEqualTo("2");
        assertThat(text("SELECT count(*) FROM solana_event_rows WHERE trader IS NOT NULL"))
                .as("rows moved keep what they had beside their bytes").isEqualTo("2");
    }

    /** The store's migrations up to {@code target} (a version, or {@code latest}). */
    private static void migrate(String target) {
        Flyway.configure().dataSource(pg.jdbcUrl(), EmbeddedPostgres.USER, null).locations("classpath:db/migration").target(target).load()
                .migrate();
    }

    /** Every event through solana_events, every column as text, in key order. */
    private static List<List<String>> rows() throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + ALL + " FROM solana_events ORDER BY slot, signature, event_index")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String text(String query) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, null);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
