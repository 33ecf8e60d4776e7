package io.chainwatch.solana.feed;

import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.market.pump.EventPosition;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.CompleteEvent;
import io.chainwatch.store.CurveRow;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
