package io.chainwatch.solana.feed;

import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.market.pump.EventPosition;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.CompleteEvent;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.PumpProgram;
import io.chainwatch.solana.pump.TradeEvent;
import io.chainwatch.solana.tx.TransactionEvent;
import io.chainwatch.store.CurveRow;
import io.chainwatch.store.Database;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.SolanaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreRowsTest {
    /**
     * A feed that starts mid-life sees some curves first by their completion, which carries no
     * reserves. Storing such a curve once threw, and the failed commit was retried forever: the feed
     * stored nothing more (found by the ingest load run).
     */
    @Test
    void aCurveKnownOnlyByItsCompletionIsStoredWithoutReserves() {
        PublicKey mint = new PublicKey(1, 2, 3, 4);
        CurveBook book = new CurveBook(CurveBook.Settings.MAINNET);
        book.apply(new EventPosition(100, new TxSignature(1, 2, 3, 4, 5, 6, 7, 8), 0, 0),
                new CompleteEvent(new PublicKey(9, 9, 9, 9), mint, new PublicKey(5, 5, 5, 5), 1_700_000_000L, null, 4));
        CurveView v = book.curve(mint).orElseThrow();
        assertNull(v.reserves());

        CurveRow row = StoreRows.curve(v, 100);
        assertEquals(CurveRow.Status.COMPLETE, row.status());
        assertEquals(0, row.virtualSolLamports());
        assertEquals(0, row.realTokenReserves());
        assertEquals(100, row.updatedSlot());
    }

    /**
     * A real mainnet TradeEvent (examples/solana/trade-event.b64), stored as the feed stores it: its bytes say its trade,
     * so the store keeps no trade columns beside them (V13), and reading it back through the view gives the row whole,
     * the trade as the decoder reads it.
     */
    @Test
    void aRealTradeIsStoredAsItsBytesAndReadsBackWhole(@TempDir Path dir) throws Exception {
        byte[] data = Base64.getDecoder().decode(Files.readString(Path.of("../examples/solana/trade-event.b64")).trim());
        TransactionEvent e = new TransactionEvent(0, PumpProgram.ID, 2, -1, 20, PumpEventDecoder.INSTANCE.decode(data, 0, data.length), data);
        TradeEvent trade = assertInstanceOf(TradeEvent.class, e.event());
        SolanaEventRow row = StoreRows.event(new TxSignature(1, 2, 3, 4, 5, 6, 7, 8), 300_000_000L, 5, Instant.ofEpochSecond(trade.timestamp()),
                e, Commitment.CONFIRMED);
        assertEquals(trade.solAmount(), row.trade().solLamports());

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // PostgreSQL runs as nobody under root
        try (Database db = Database.open(new StorageConfig("embedded", null, null, dir))) {
            SolanaStore store = db.solanaStore(InstantSource.system());
            store.commit(new SolanaStore.SlotCommit("trade", 300_000_000L, List.of(row), List.of(), List.of()));

            assertEquals(Optional.of(new SolanaStore.StoredEvent(row, false)), store.event(row.signature(), 0));
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT trader IS NULL AND sol_amount IS NULL AND token_amount IS NULL AND is_buy IS NULL "
                         + "FROM solana_event_rows")) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1), "the trade is read from the bytes, not stored beside them");
            }
        }
    }
}
