package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catching up after an outage: the stream comes back at a later slot and brings every slot from there
 * on, then the blocks of the slots it missed come, in any order, behind it (the book takes each
 * backfilled event without folding the curve's history again whenever that gives the same state, and
 * chains again only the slots the event can reorder). The trades really chain, and they differ in what
 * they name: layouts with and without the creator and the fee rates, several creators and rates, so a
 * late event that wrote a field no later one holds would show. Now and then a curve completes (in a
 * trade's transaction or one of its own, which moves no reserves), and account data comes at a slot. The book must end exactly where a book fed everything at its place in
 * chain order ends.
 */
@Timeout(60)
class CurveBookCatchUpPropertyTest {
    private static final int MINTS = 3;
    private static final int SLOTS = 60;
    /** The layout that names neither fee rates nor creator: fields to {@code fee_recipient}. */
    private static final int TRADE_FIELDS_NO_FEES = TradeEvent.IDL_FIELDS.indexOf("fee_recipient") + 1;
    private static final int TRADE_FIELDS_ALL = TradeEvent.IDL_FIELDS.size();

    /** One input at its true place in the chain: a trade or complete event, or account data (no signature). */
    private record Input(PublicKey mint, long slot, int txIndex, TxSignature signature, TradeEvent trade, boolean complete,
                         CurveReserves account) {
        void applyPlaced(CurveBook book) {
            apply(book, txIndex);
        }

        void applyUnplaced(CurveBook book) {
            apply(book, -1);
        }

        private void apply(CurveBook book, int index) {
            if (account != null) {
                // Half in the layout before the creator field, so that account data does not hide a late trade's creator.
                book.applyAccount(mint, slot, PumpInputs.account(account.virtualTokenReserves(), account.virtualSolReserves(),
                        account.realTokenReserves(), account.realSolReserves(), false,
                        slot % 2 == 0 ? BondingCurve.IDL_FIELDS.size() : BondingCurve.IDL_FIELDS.indexOf("creator")));
            } else {
                book.apply(new EventPosition(slot, signature, index, complete ? 1 : 0), complete ? PumpInputs.complete(mint) : trade);
            }
        }
    }

    @Test
    void blocksBackfilledBehindTheStreamInAnyOrderEndWhereTheChainDoes() {
        for (long seed = 1; seed <= 1_000; seed++) {
            Random random = new Random(seed);
            List<Input> inputs = chain(random);
            CurveBook reference = new CurveBook(CurveBook.Settings.MAINNET);
            CurveBook caughtUp = new CurveBook(CurveBook.Settings.MAINNET);
            for (CurveBook book : List.of(reference, caughtUp)) {
                for (int m = 0; m < MINTS; m++) {
                    book.apply(new EventPosition(1, PumpInputs.sig(1_000 + m), 0, 0), PumpInputs.create(PumpInputs.key(m)));
                }
            }
            inputs.forEach(i -> i.applyPlaced(reference));

            // Slots 2 to gapEnd - 1 missed by the stream; in half the runs it is back for the last few slots only, whose
            // order decides the reserves and the last trade.
            long gapEnd = random.nextBoolean() ? 3 + random.nextInt(SLOTS - 10) : SLOTS + 1 - random.nextInt(3);
            List<List<Input>> bySlot = bySlot(inputs);
            for (long s = gapEnd; s <= SLOTS + 1; s++) {
                List<Input> slot = new ArrayList<>(bySlot.get((int) s));
                Collections.shuffle(slot, random);
                slot.forEach(i -> {
                    if (i.account() == null) {
                        i.applyUnplaced(caughtUp);
                    }
                });
                slot.forEach(i -> {
                    if (i.account() != null) {
                        i.applyUnplaced(caughtUp); // account data comes after the slot's transactions
                    }
                });
            }
            List<Integer> gap = new ArrayList<>();
            for (int s = 2; s < gapEnd; s++) {
                gap.add(s);
            }
            Collections.shuffle(gap, random); // the recovery reads the missed blocks in any order
            for (int s : gap) {
                for (Input i : bySlot.get(s)) {
                    i.applyPlaced(caughtUp);
                }
            }
            // The stream's own copies of the later slots, placed at last (their blocks read whole): nothing changes.
            for (long s = gapEnd; s <= SLOTS + 1; s++) {
                if (random.nextInt(4) == 0) {
                    bySlot.get((int) s).forEach(i -> i.applyPlaced(caughtUp));
                }
            }
            for (int m = 0; m < MINTS; m++) {
                PublicKey mint = PumpInputs.key(m);
                assertThat(caughtUp.curve(mint)).as("seed %d, mint %d, gap to slot %d", seed, m, gapEnd)
                        .isEqualTo(reference.curve(mint));
            }
        }
    }

    private static List<List<Input>> bySlot(List<Input> inputs) {
        List<List<Input>> out = new ArrayList<>();
        for (int s = 0; s <= SLOTS + 1; s++) {
            out.add(new ArrayList<>());
        }
        inputs.forEach(i -> out.get((int) i.slot()).add(i));
        return out;
    }

    /**
     * Trades on {@link #MINTS} curves from slot 2 on, each on the reserves the one before on its curve left, in
     * layouts and with creators and fee rates at random; now and then a curve's account data at the end of a slot,
     * and a complete event in a trade's transaction.
     */
    private static List<Input> chain(Random random) {
        List<Input> out = new ArrayList<>();
        PumpInputs.Chain chain = new PumpInputs.Chain(random, MINTS);
        int[] layouts = {TRADE_FIELDS_NO_FEES, PumpInputs.TRADE_FIELDS_266, TRADE_FIELDS_ALL};
        // From a slot on, mostly the layout that names no creator and no fee rates: a backfilled trade before it is
        // then often the latest to name them, which the book must not miss because later trades hold the reserves.
        long plainFrom = 2 + random.nextInt(SLOTS);
        boolean onlyPlain = random.nextBoolean(); // from there on: in half the runs only that layout, else mostly
        int[] inSlot = {0};
        chain.slots(SLOTS + 1, (slot, i, m) -> {
            inSlot[0] = i + 1;
            CurveReserves r = chain.reserves[m];
            TradeQuote quote = PumpInputs.randomQuote(random, r);
            CurveReserves after = CurveMath.reservesAfter(r, quote, slot);
            TradeEvent event = PumpInputs.trade(PumpInputs.key(m), quote.side() == TradeSide.BUY, quote.solAmountLamports(),
                    quote.tokenAmount(), after,
                    // Now and then a fee rate no curve charges: the trade names its creator but no fee rates the book takes.
                    PumpInputs.key(900 + random.nextInt(3)), random.nextInt(5) == 0 ? 20_000 : 90 + random.nextInt(10),
                    20 + random.nextInt(20),
                    1_770_000_000L + slot * 10 + i,
                    slot >= plainFrom && (onlyPlain || random.nextInt(8) > 0) ? TRADE_FIELDS_NO_FEES : layouts[random.nextInt(layouts.length)]);
            chain.reserves[m] = after;
            TxSignature sig = chain.nextSignature();
            out.add(new Input(PumpInputs.key(m), slot, i, sig, event, false, null));
            if (random.nextInt(40) == 0) {
                out.add(new Input(PumpInputs.key(m), slot, i, sig, null, true, null));
            }
        }, slot -> {
            if (random.nextInt(4) == 0) {
                // A transaction of its own that moves no reserves: chaining again must see past it.
                out.add(new Input(PumpInputs.key(random.nextInt(MINTS)), slot, inSlot[0], chain.nextSignature(), null, true, null));
            }
            if (random.nextInt(6) == 0) {
                int m = random.nextInt(MINTS);
                out.add(new Input(PumpInputs.key(m), slot, Integer.MAX_VALUE, null, null, false, chain.reserves[m]));
            }
            inSlot[0] = 0;
        });
        return out;
    }
}
