package io.chainwatch.solana.feed;

import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.market.pump.EventPosition;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.CompleteEvent;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Matching curve accounts to mints, and comparing the book with the chain's list of open curves. */
class CurveAccountsTest {
    private static final PublicKey OPEN = PublicKey.fromBase58("BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump");
    private static final PublicKey DONE = new PublicKey(1, 2, 3, 4);
    private static final PublicKey NEWER = new PublicKey(5, 6, 7, 8);

    private static BondingCurve account(boolean complete) {
        return new BondingCurve(1_000, 2_000, 500, 600, 1_000_000, complete, PublicKey.ZERO, false, false, PublicKey.ZERO, 0, false, false,
                BondingCurve.IDL_FIELDS.size());
    }

    @Test
    void aCurveAccountIsMatchedToItsMintByTheProgramsAddress() {
        CurveAccounts accounts = new CurveAccounts(true);
        PublicKey curve = accounts.curveOf(OPEN);
        assertEquals("8DZu2LNtTKph9iShWpWdFjHPFAqGkrafpSUyaFZrd6ip", curve.toBase58(), "the real mainnet BondingCurve of this mint");
        assertEquals(OPEN, accounts.mintOf(curve).orElseThrow());
    }

    @Test
    void curvesTheBookHoldsOpenOrClosedAgainstTheChainAreReadAgain() {
        CurveBook book = new CurveBook(CurveBook.Settings.MAINNET);
        book.applyFinalAccount(OPEN, 100, account(false));   // the book: open
        book.applyFinalAccount(DONE, 100, account(true));    // the book: complete
        CurveAccounts accounts = new CurveAccounts(true);
        PublicKey openCurve = accounts.curveOf(OPEN);
        PublicKey doneCurve = accounts.curveOf(DONE);

        assertEquals(0, accounts.disagreements(Set.of(openCurve), 200, book), "the chain agrees: nothing to read");
        assertEquals(java.util.List.of(), accounts.takeReads(10));

        // The chain lists the completed curve as open, and not the open one: both are read again.
        assertEquals(2, accounts.disagreements(Set.of(doneCurve), 200, book));
        assertEquals(Set.of(OPEN, DONE), Set.copyOf(accounts.takeReads(10)));
    }

    @Test
    void aListingOlderThanTheBooksOwnEventsDoesNotJudgeThem() {
        CurveBook book = new CurveBook(CurveBook.Settings.MAINNET);
        book.applyFinalAccount(NEWER, 100, account(false));
        // The book saw the curve complete at slot 120: a listing from slot 110 still shows it open, rightly.
        book.apply(new EventPosition(120, new TxSignature(1, 2, 3, 4, 5, 6, 7, 8), 0, 0),
                new CompleteEvent(PublicKey.ZERO, NEWER, PublicKey.ZERO, 1_770_000_000L, PublicKey.ZERO, CompleteEvent.IDL_FIELDS.size()));
        CurveAccounts accounts = new CurveAccounts(true);
        PublicKey curve = accounts.curveOf(NEWER);
        assertEquals(0, accounts.disagreements(Set.of(curve), 110, book));
        assertEquals(1, accounts.disagreements(Set.of(curve), 121, book), "a listing after the completion does judge it");
    }
}
