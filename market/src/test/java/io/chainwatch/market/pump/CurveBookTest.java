package io.chainwatch.market.pump;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.Global;
import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;

import static io.chainwatch.market.pump.PumpInputs.at;
import static io.chainwatch.market.pump.PumpInputs.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(30)
class CurveBookTest {
    private static final PublicKey MINT = key(1_000);
    private static final PublicKey POOL = key(2_000);

    private final CurveBook book = new CurveBook(CurveBook.Settings.MAINNET);

    private CurveView view() {
        return book.curve(MINT).orElseThrow();
    }

    /** Buys {@code tokens} at the curve's current reserves, as the program would, at {@code slot}. */
    private TradeEvent buy(long tokens) {
        CurveReserves r = view().reserves();
        return PumpInputs.trade(MINT, r, CurveMath.buyExactTokens(r, tokens, FeeRates.MAINNET_OBSERVED));
    }

    private TradeEvent sell(long tokens) {
        CurveReserves r = view().reserves();
        return PumpInputs.trade(MINT, r, CurveMath.sell(r, tokens, FeeRates.MAINNET_OBSERVED));
    }

    @Test
    void aCurveGoesFromCreatedThroughTradingAndCompleteToMigrated() {
        assertThat(book.apply(at(10, 1), PumpInputs.create(MINT))).isEqualTo(CurveBook.Outcome.APPLIED);
        CurveView created = view();
        assertThat(created.status()).isEqualTo(CurveStatus.CREATED);
        assertThat(created.creator()).isEqualTo(PumpInputs.CREATOR);
        assertThat(created.createdSlot()).isEqualTo(10);
        assertThat(created.reserves()).isEqualTo(new CurveReserves(PumpInputs.INITIAL_VIRTUAL_TOKENS, PumpInputs.INITIAL_VIRTUAL_SOL,
                PumpInputs.INITIAL_REAL_TOKENS, 0, PumpInputs.SUPPLY, 10));
        assertThat(created.progress()).isEqualTo(new CurveProgress(0.0, PumpInputs.INITIAL_REAL_TOKENS, CurveProgress.Source.CREATE_EVENT));
        assertThat(created.lastTrade()).isNull();
        assertThat(created.feeRatesObserved()).isFalse();
        assertThat(created.feeRates()).isEqualTo(FeeRates.MAINNET_OBSERVED);

        TradeEvent first = buy(100_000_000_000_000L);
        book.apply(at(11, 2), first);
        CurveView trading = view();
        assertThat(trading.status()).isEqualTo(CurveStatus.TRADING);
        assertThat(trading.reserves().realTokenReserves()).isEqualTo(PumpInputs.INITIAL_REAL_TOKENS - 100_000_000_000_000L);
        assertThat(trading.progress().fraction()).isCloseTo(100.0 / 793.1, within(1e-12));
        assertThat(trading.lastTrade()).isEqualTo(new LastTrade(PumpInputs.sig(2), 11, first.timestamp(), TradeSide.BUY,
                first.solAmount(), 100_000_000_000_000L));
        assertThat(trading.volume()).isEqualTo(new CurveVolume(first.solAmount(), 0, 1, 0));
        assertThat(trading.feeRatesObserved()).isTrue();
        assertThat(trading.price().lamportsPerBaseUnit())
                .isCloseTo((double) first.virtualSolReserves() / first.virtualTokenReserves(), within(1e-15));

        TradeEvent last = buy(PumpInputs.INITIAL_REAL_TOKENS); // capped at what is left: empties the curve
        book.apply(at(12, 3), last);
        book.apply(new EventPosition(12, PumpInputs.sig(3), -1, 1), PumpInputs.complete(MINT));
        CurveView complete = view();
        assertThat(complete.status()).isEqualTo(CurveStatus.COMPLETE);
        assertThat(complete.reserves().realTokenReserves()).isZero();
        assertThat(complete.progress().fraction()).isEqualTo(1.0);
        assertThat(complete.tradable()).isFalse();
        assertThat(complete.quoteBuyExactSolIn(1_000_000_000L)).isEmpty();

        book.apply(at(13, 4), PumpInputs.migration(MINT, POOL));
        CurveView migrated = view();
        assertThat(migrated.status()).isEqualTo(CurveStatus.MIGRATED);
        assertThat(migrated.pool()).isEqualTo(POOL);
        assertThat(migrated.lastActivitySlot()).isEqualTo(13);
        assertThat(migrated.volume()).isEqualTo(new CurveVolume(first.solAmount() + last.solAmount(), 0, 2, 0));
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        TradeEvent trade = buy(5_000_000_000_000L);
        assertThat(book.apply(at(11, 2), trade)).isEqualTo(CurveBook.Outcome.APPLIED);
        CurveView once = view();

        assertThat(book.apply(at(11, 2), trade)).isEqualTo(CurveBook.Outcome.DUPLICATE);
        assertThat(book.apply(at(10, 1), PumpInputs.create(MINT))).isEqualTo(CurveBook.Outcome.DUPLICATE);
        assertThat(view()).isEqualTo(once);
        // The same transaction and event in another transaction position is still the same event.
        assertThat(book.apply(new EventPosition(11, PumpInputs.sig(2), 7, 0), trade)).isEqualTo(CurveBook.Outcome.DUPLICATE);

        book.prune(11);
        assertThat(book.apply(at(11, 2), trade)).as("a copy after finalization").isEqualTo(CurveBook.Outcome.STALE);
        assertThat(view()).isEqualTo(once);
        assertThat(book.counters().duplicates()).isEqualTo(3);
        assertThat(book.counters().stale()).isEqualTo(1);
    }

    @Test
    void aLaterCopyThatKnowsTheTransactionsPlaceMovesTheEventThere() {
        CreateEvent create = PumpInputs.create(MINT);
        book.apply(new EventPosition(10, PumpInputs.sig(1), 0, 0), create);
        TradeEvent first = buy(5_000_000_000_000L);
        book.apply(new EventPosition(11, PumpInputs.sig(2), 0, 0), first);
        TradeEvent second = buy(7_000_000_000_000L); // priced after the first: the slot's last trade
        book.apply(new EventPosition(11, PumpInputs.sig(3), 5, 0), second);
        CurveView inChainOrder = view();

        CurveBook arrivals = new CurveBook(CurveBook.Settings.MAINNET);
        arrivals.apply(new EventPosition(10, PumpInputs.sig(1), 0, 0), create);
        // The stream tells of the slot's second trade first, without its place in the block ...
        arrivals.apply(new EventPosition(11, PumpInputs.sig(3), -1, 0), second);
        // ... then the block brings both, with their places.
        assertThat(arrivals.apply(new EventPosition(11, PumpInputs.sig(2), 0, 0), first)).isEqualTo(CurveBook.Outcome.APPLIED);
        assertThat(arrivals.apply(new EventPosition(11, PumpInputs.sig(3), 5, 0), second)).isEqualTo(CurveBook.Outcome.DUPLICATE);

        CurveView v = arrivals.curve(MINT).orElseThrow();
        assertThat(v.reserves()).isEqualTo(inChainOrder.reserves());
        assertThat(v.lastTrade().signature()).isEqualTo(PumpInputs.sig(3));
        // Still one event: retracting the slot undoes both trades and nothing else.
        assertThat(arrivals.retract(11).eventsUndone()).isEqualTo(2);
    }

    @Test
    void tradesOfOneSlotWithoutTheirPlacesFallIntoTheOrderTheirReservesChain() {
        CreateEvent create = PumpInputs.create(MINT);
        book.apply(new EventPosition(10, PumpInputs.sig(1), 0, 0), create);
        // Four trades in slot 11, each priced after the one before; signatures in the opposite order.
        TradeEvent first = buy(5_000_000_000_000L);
        book.apply(new EventPosition(11, PumpInputs.sig(40), 0, 0), first);
        TradeEvent second = sell(1_000_000_000_000L);
        book.apply(new EventPosition(11, PumpInputs.sig(30), 1, 0), second);
        TradeEvent third = buy(9_000_000_000_000L);
        book.apply(new EventPosition(11, PumpInputs.sig(20), 2, 0), third);
        TradeEvent fourth = buy(2_000_000_000_000L);
        book.apply(new EventPosition(11, PumpInputs.sig(10), 3, 0), fourth);
        CurveView inChainOrder = view();

        // logsSubscribe brings them without their places, in any order: the book still ends where the chain did.
        CurveBook logs = new CurveBook(CurveBook.Settings.MAINNET);
        logs.apply(new EventPosition(10, PumpInputs.sig(1), -1, 0), create);
        logs.apply(new EventPosition(11, PumpInputs.sig(20), -1, 0), third);
        logs.apply(new EventPosition(11, PumpInputs.sig(40), -1, 0), first);
        logs.apply(new EventPosition(11, PumpInputs.sig(10), -1, 0), fourth);
        logs.apply(new EventPosition(11, PumpInputs.sig(30), -1, 0), second);

        CurveView v = logs.curve(MINT).orElseThrow();
        assertThat(v.reserves()).isEqualTo(inChainOrder.reserves());
        assertThat(v.lastTrade().signature()).isEqualTo(PumpInputs.sig(10));
        assertThat(v.volume()).isEqualTo(inChainOrder.volume());
    }

    @Test
    void aCreateAndItsDevBuyComeBeforeTheSlotsOtherTradesWhateverTheirSignatures() {
        CreateEvent create = PumpInputs.create(MINT);
        CurveReserves start = PumpInputs.initialReserves();
        TradeEvent devBuy = PumpInputs.trade(MINT, start, CurveMath.buyExactTokens(start, 30_000_000_000_000L, FeeRates.MAINNET_OBSERVED));
        book.apply(new EventPosition(11, PumpInputs.sig(90), 0, 0), create);
        book.apply(new EventPosition(11, PumpInputs.sig(90), 0, 1), devBuy);
        TradeEvent next = buy(4_000_000_000_000L);
        book.apply(new EventPosition(11, PumpInputs.sig(5), 1, 0), next);
        CurveView inChainOrder = view();

        CurveBook logs = new CurveBook(CurveBook.Settings.MAINNET);
        logs.apply(new EventPosition(11, PumpInputs.sig(5), -1, 0), next);
        logs.apply(new EventPosition(11, PumpInputs.sig(90), -1, 0), create);
        logs.apply(new EventPosition(11, PumpInputs.sig(90), -1, 1), devBuy);

        CurveView v = logs.curve(MINT).orElseThrow();
        assertThat(v.reserves()).isEqualTo(inChainOrder.reserves());
        assertThat(v.lastTrade().signature()).isEqualTo(PumpInputs.sig(5));
    }

    @Test
    void theSameTransactionInTwoSlotsCountsOnceTheDeadForkIsRetracted() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        TradeEvent trade = buy(5_000_000_000_000L);
        book.apply(at(11, 2), trade); // processed on a fork that dies
        book.apply(at(12, 2), trade); // landed again on the surviving fork
        assertThat(view().volume().buys()).isEqualTo(2);

        book.retract(11);

        assertThat(view().volume().buys()).isEqualTo(1);
        assertThat(view().lastTrade().slot()).isEqualTo(12);
    }

    @Test
    void accountDataWinsForReservesWhenNewerBySlotAndNotWhenOlder() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        TradeEvent trade = buy(10_000_000_000_000L);
        book.apply(at(20, 2), trade);

        book.applyAccount(MINT, 19, PumpInputs.account(1, 2, 3, 4, false));
        assertThat(view().reserves().asOfSlot()).as("older account data loses").isEqualTo(20);
        assertThat(view().reserves().virtualTokenReserves()).isEqualTo(trade.virtualTokenReserves());

        BondingCurve endOfSlot = PumpInputs.account(1_000_000_000_000_000L, 33_000_000_000L, 720_000_000_000_000L, 3_000_000_000L, false);
        book.applyAccount(MINT, 20, endOfSlot);
        assertThat(view().reserves()).as("account data shows the state after its slot")
                .isEqualTo(new CurveReserves(1_000_000_000_000_000L, 33_000_000_000L, 720_000_000_000_000L, 3_000_000_000L, PumpInputs.SUPPLY, 20));

        // A trade of slot 20 that arrives late does not move reserves behind the slot's account data, but it counts.
        book.apply(at(20, 3), PumpInputs.trade(MINT, true, 7, 7, 5, 5, 5, 5));
        assertThat(view().reserves().virtualTokenReserves()).isEqualTo(1_000_000_000_000_000L);
        assertThat(view().volume().buys()).isEqualTo(2);

        TradeEvent next = PumpInputs.trade(MINT, false, 9, 9, 999_000_000_000_000L, 32_000_000_000L, 719_000_000_000_000L, 2_000_000_000L);
        book.apply(at(21, 4), next);
        assertThat(view().reserves().virtualTokenReserves()).as("a newer trade wins").isEqualTo(999_000_000_000_000L);
        assertThat(view().status()).isEqualTo(CurveStatus.TRADING);
    }

    @Test
    void anEventBackfilledLateLandsInChainOrder() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        CurveReserves start = view().reserves();
        TradeQuote q11 = CurveMath.buyExactTokens(start, 1_000_000_000_000L, FeeRates.MAINNET_OBSERVED);
        CurveReserves after11 = CurveMath.reservesAfter(start, q11, 11);
        TradeQuote q12 = CurveMath.sell(after11, 400_000_000_000L, FeeRates.MAINNET_OBSERVED);
        TradeEvent t11 = PumpInputs.trade(MINT, start, q11);
        TradeEvent t12 = PumpInputs.trade(MINT, after11, q12);

        CurveBook inOrder = new CurveBook(CurveBook.Settings.MAINNET);
        inOrder.apply(at(10, 1), PumpInputs.create(MINT));
        inOrder.apply(at(11, 2), t11);
        inOrder.apply(at(12, 3), t12);

        book.apply(at(12, 3), t12);
        book.apply(at(11, 2), t11); // the gap's backfill arrives after the slot that follows it

        assertThat(view()).isEqualTo(inOrder.curve(MINT).orElseThrow());
        assertThat(view().lastTrade().side()).isEqualTo(TradeSide.SELL);
        assertThat(view().volume()).isEqualTo(new CurveVolume(q11.solAmountLamports(), q12.solAmountLamports(), 1, 1));
    }

    @Test
    void retractingAForkedSlotUndoesOnlyItsEffectsAlsoAfterLaterSlots() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        CurveView afterCreate = view();
        TradeEvent onDeadFork = buy(50_000_000_000_000L);
        book.apply(at(11, 2), onDeadFork);
        TradeEvent onLiveFork = PumpInputs.trade(MINT, afterCreate.reserves(),
                CurveMath.buyExactTokens(afterCreate.reserves(), 20_000_000_000_000L, FeeRates.MAINNET_OBSERVED));
        book.apply(at(12, 3), onLiveFork);

        CurveBook.Retraction r = book.retract(11);

        assertThat(r.result()).isEqualTo(CurveBook.Retraction.Result.UNDONE);
        assertThat(r.eventsUndone()).isEqualTo(1);
        assertThat(r.changed()).containsExactly(MINT);
        CurveBook recomputed = new CurveBook(CurveBook.Settings.MAINNET);
        recomputed.apply(at(10, 1), PumpInputs.create(MINT));
        recomputed.apply(at(12, 3), onLiveFork);
        assertThat(view()).isEqualTo(recomputed.curve(MINT).orElseThrow());

        book.retract(12);
        assertThat(view()).isEqualTo(afterCreate);
        assertThat(book.journalSize()).isEqualTo(1);
    }

    @Test
    void retractingTheSlotThatCreatedACurveRemovesIt() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        book.apply(at(10, 2), buy(1_000_000_000L));

        CurveBook.Retraction r = book.retract(10);

        assertThat(r.removed()).containsExactly(MINT);
        assertThat(r.changed()).isEmpty();
        assertThat(book.curve(MINT)).isEmpty();
        assertThat(book.size()).isZero();
        assertThat(book.journalSize()).isZero();
        assertThat(book.mostRecentlyActive(10)).isEmpty();
    }

    @Test
    void inputsOfARetractedSlotArrivingLaterAreRefused() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        assertThat(book.retract(11).result()).isEqualTo(CurveBook.Retraction.Result.NOTHING_APPLIED);

        assertThat(book.apply(at(11, 2), buy(1_000_000_000L))).isEqualTo(CurveBook.Outcome.DEAD_SLOT);
        assertThat(book.applyAccount(MINT, 11, PumpInputs.account(1, 2, 3, 4, false))).isEqualTo(CurveBook.Outcome.DEAD_SLOT);
        assertThat(view().status()).isEqualTo(CurveStatus.CREATED);
        assertThat(book.counters().deadSlot()).isEqualTo(2);
    }

    @Test
    void finalizedSlotsCannotBeRetractedAndTheirUndoEntriesAreForgotten() {
        book.apply(at(10, 1), PumpInputs.create(MINT));
        for (long slot = 11; slot <= 20; slot++) {
            book.apply(at(slot, slot), buy(1_000_000_000_000L));
        }
        assertThat(book.journalSize()).isEqualTo(11);

        assertThat(book.prune(15)).isEqualTo(6);
        assertThat(book.journalSize()).isEqualTo(5);
        assertThat(book.finalizedSlot()).isEqualTo(15);
        assertThat(book.retract(15).result()).isEqualTo(CurveBook.Retraction.Result.FINALIZED);
        assertThat(book.prune(12)).as("finalization does not go back").isZero();

        for (long slot = 20; slot > 15; slot--) {
            book.retract(slot);
        }
        assertThat(view().volume().buys()).isEqualTo(5);
        assertThat(view().lastTrade().slot()).isEqualTo(15);
        assertThat(book.journalSize()).isZero();
    }

    @Test
    void aFullJournalMakesItsOldestSlotFinalEarlyAndCountsIt() {
        CurveBook small = new CurveBook(new CurveBook.Settings(CurveBook.Settings.MAINNET_INITIAL_REAL_TOKEN_RESERVES,
                FeeRates.MAINNET_OBSERVED, 3, 16));
        for (long slot = 1; slot <= 4; slot++) {
            small.apply(at(slot, slot), PumpInputs.create(key(slot)));
        }
        assertThat(small.journalSize()).isEqualTo(3);
        assertThat(small.finalizedSlot()).isEqualTo(1);
        assertThat(small.counters().forcedFinalizations()).isEqualTo(1);
        assertThat(small.retract(1).result()).isEqualTo(CurveBook.Retraction.Result.FINALIZED);
        assertThat(small.size()).isEqualTo(4);
    }

    @Test
    void finalAccountDataNeedsNoUndoEntry() {
        for (int i = 0; i < 1_000; i++) {
            book.applyFinalAccount(key(i), 500, PumpInputs.account(PumpInputs.INITIAL_VIRTUAL_TOKENS, PumpInputs.INITIAL_VIRTUAL_SOL,
                    PumpInputs.INITIAL_REAL_TOKENS, 0, false));
        }
        assertThat(book.size()).isEqualTo(1_000);
        assertThat(book.journalSize()).isZero();
        CurveView v = book.curve(key(7)).orElseThrow();
        assertThat(v.status()).isEqualTo(CurveStatus.CREATED);
        assertThat(v.createdSlot()).as("not seen created").isEqualTo(-1);
        assertThat(v.lastActivitySlot()).as("account data is not activity").isEqualTo(-1);

        // An unfinalized trade on top, then its slot dies: the final account data stays.
        book.apply(at(501, 1), PumpInputs.trade(key(7), true, 1, 1, 5, 5, 5, 5));
        book.retract(501);
        assertThat(book.curve(key(7)).orElseThrow()).isEqualTo(v);

        // An event of the final data's own slot, delivered after it, counts but does not move reserves back.
        book.apply(at(500, 2), PumpInputs.trade(key(7), true, 1, 1, 5, 5, 5, 5));
        assertThat(book.curve(key(7)).orElseThrow().reserves()).isEqualTo(v.reserves());
        assertThat(book.curve(key(7)).orElseThrow().volume().buys()).isEqualTo(1);
    }

    @Test
    void completeAccountDataWithNoVirtualTokensLeftReadsAsMigrated() {
        book.applyAccount(MINT, 30, PumpInputs.account(0, 0, 0, 0, true));
        assertThat(view().status()).isEqualTo(CurveStatus.MIGRATED);
        assertThat(view().price()).isNull();
        assertThat(view().progress().fraction()).isEqualTo(1.0);
        book.applyAccount(key(1), 30, PumpInputs.account(5, 5, 0, 5, true));
        assertThat(book.curve(key(1)).orElseThrow().status()).isEqualTo(CurveStatus.COMPLETE);
    }

    @Test
    void curvesByStatusComeMostRecentlyActiveFirst() {
        for (int i = 0; i < 50; i++) {
            PublicKey mint = key(i);
            book.apply(at(100 + i, i), PumpInputs.create(mint));
            if (i % 2 == 0) {
                book.apply(at(300 - i, 1_000 + i), PumpInputs.trade(mint, true, 10, 10, 9, 9, 9, 9));
            }
        }
        book.apply(at(400, 5_000), PumpInputs.complete(key(3)));

        assertThat(book.mostRecentlyActive(CurveStatus.TRADING, 3)).extracting(CurveView::mint).containsExactly(key(0), key(2), key(4));
        assertThat(book.mostRecentlyActive(CurveStatus.CREATED, 2)).extracting(CurveView::mint).containsExactly(key(49), key(47));
        assertThat(book.mostRecentlyActive(CurveStatus.COMPLETE, 10)).extracting(CurveView::mint).containsExactly(key(3));
        assertThat(book.mostRecentlyActive(CurveStatus.MIGRATED, 10)).isEmpty();
        assertThat(book.mostRecentlyActive(null, 2)).extracting(CurveView::mint).containsExactly(key(3), key(0));
        assertThat(book.mostRecentlyActive(1_000)).hasSize(50);
        assertThat(book.mostRecentlyActive(0)).isEmpty();
    }

    @Test
    void progressStartsFromTheCreateEventThenTheGlobalAccountThenTheMainnetDefault() {
        int oldestLayout = CreateEvent.REQUIRED_FIELDS; // ends after user: no reserves, no creator
        book.apply(at(10, 1), PumpInputs.create(MINT, oldestLayout));
        book.apply(at(11, 2), PumpInputs.trade(MINT, true, 1, 1, 1_000_000_000_000_000L, 32_000_000_000L, 693_100_000_000_000L, 2_000_000_000L));
        CurveProgress byDefault = view().progress();
        assertThat(byDefault.source()).isEqualTo(CurveProgress.Source.DEFAULT);
        assertThat(byDefault.initialRealTokenReserves()).isEqualTo(CurveBook.Settings.MAINNET_INITIAL_REAL_TOKEN_RESERVES);
        assertThat(byDefault.fraction()).isCloseTo(100.0 / 793.1, within(1e-12));

        Global global = (Global) ((DecodeResult.Decoded<?>) PumpDecoders.decodeAccount(PumpInputs.fixtureAccountData("global-account.json"))).value();
        book.applyGlobal(global);
        assertThat(view().progress().source()).isEqualTo(CurveProgress.Source.GLOBAL_ACCOUNT);
        assertThat(view().progress().initialRealTokenReserves()).isEqualTo(793_100_000_000_000L);

        book.apply(at(12, 3), PumpInputs.create(key(1)));
        assertThat(book.curve(key(1)).orElseThrow().progress().source()).isEqualTo(CurveProgress.Source.CREATE_EVENT);
    }

    @Test
    void realAccountDataGivesPriceMarketCapAndProgress() {
        BondingCurve real = (BondingCurve) ((DecodeResult.Decoded<?>) PumpDecoders.decodeAccount(
                PumpInputs.fixtureAccountData("bonding-curve-150b.json"))).value();
        book.applyAccount(MINT, 300_000_000, real);
        CurveView v = view();

        assertThat(v.status()).as("real SOL in: someone bought").isEqualTo(CurveStatus.TRADING);
        assertThat(v.creator()).isEqualTo(PublicKey.fromBase58("CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv"));
        assertThat(v.solQuoted()).isTrue();
        // 30,002,485,430 lamports / 1,072,911,112,000,000 base units
        assertThat(v.price().lamportsPerBaseUnit()).isCloseTo(2.7963626338e-5, within(1e-15));
        assertThat(v.price().solPerToken()).isEqualTo(new BigDecimal("30002485430").divide(new BigDecimal("1072911112000000"),
                java.math.MathContext.DECIMAL64).movePointLeft(3));
        assertThat(v.price().marketCapLamports()).isEqualTo(27_963_626_338L); // floor(vSol * 10^15 / vToken)
        assertThat(v.price().marketCapSol()).isEqualByComparingTo("27.963626338");
        assertThat(v.progress().fraction()).isCloseTo((793_100_000_000_000.0 - 793_011_112_000_000.0) / 793_100_000_000_000.0, within(1e-15));
        assertThat(v.progress().source()).isEqualTo(CurveProgress.Source.DEFAULT);

        TradeQuote q = v.quoteBuyExactSolIn(1_000_000_000L).orElseThrow();
        assertThat(q.userLamports()).isLessThanOrEqualTo(1_000_000_000L);
        assertThat(q.tokenAmount()).isPositive();
    }

    @Test
    void aCurveWithoutACreatorIsQuotedWithoutTheCreatorFee() {
        book.applyAccount(MINT, 5, new BondingCurve(PumpInputs.INITIAL_VIRTUAL_TOKENS, PumpInputs.INITIAL_VIRTUAL_SOL,
                PumpInputs.INITIAL_REAL_TOKENS, 0, PumpInputs.SUPPLY, false, PublicKey.ZERO, false, false, PublicKey.ZERO,
                0, false, false, BondingCurve.IDL_FIELDS.size()));
        TradeQuote q = view().quoteBuyExactTokens(1_000_000_000_000L).orElseThrow();
        assertThat(q.creatorFeeLamports()).isZero();
        assertThat(q.protocolFeeLamports()).isEqualTo(CurveMath.fee(q.solAmountLamports(), 95));
    }
}
