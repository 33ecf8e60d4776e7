package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.TradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trades that really chain (each priced on the reserves the one before left), over many slots and a
 * few curves, brought as the stream and the block path bring them: without their places, each slot's
 * in any order, some slots late, some slots' copies later with their places (a block read), slots
 * finalized on the way.
 * The book must end exactly where a book fed every trade at its place in chain order ends, whatever
 * the history it holds (the chaining works from a cached fold of the curve's history, which must
 * never go stale).
 */
@Timeout(60)
class CurveBookChainingPropertyTest {
    private static final int MINTS = 3;
    private static final int SLOTS = 40;

    /** One trade at its true place in the chain. */
    private record Trade(PublicKey mint, long slot, int txIndex, TxSignature signature, TradeEvent event) {
        EventPosition placed() {
            return new EventPosition(slot, signature, txIndex, 0);
        }

        EventPosition unplaced() {
            return new EventPosition(slot, signature, -1, 0);
        }
    }

    @Test
    void streamedTradesInAnyOrderEndWhereTheChainDoes() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            List<Trade> trades = chain(random);
            CurveBook reference = new CurveBook(CurveBook.Settings.MAINNET);
            CurveBook streamed = new CurveBook(CurveBook.Settings.MAINNET);
            for (int m = 0; m < MINTS; m++) {
                reference.apply(new EventPosition(1, PumpInputs.sig(1_000 + m), 0, 0), PumpInputs.create(PumpInputs.key(m)));
                streamed.apply(new EventPosition(1, PumpInputs.sig(1_000 + m), 0, 0), PumpInputs.create(PumpInputs.key(m)));
            }
            for (Trade t : trades) {
                reference.apply(t.placed(), t.event());
            }
            deliver(random, trades, streamed);
            for (int m = 0; m < MINTS; m++) {
                assertThat(streamed.curve(PumpInputs.key(m))).as("seed %d, mint %d", seed, m).isEqualTo(reference.curve(PumpInputs.key(m)));
            }
        }
    }

    /**
     * Round trips (a buy and a sell of the same amount) bring a curve back to reserves it had earlier
     * in the slot, so more than one transaction fits there and the chain is not one order: whatever the
     * order they come in, the book must pick the same (the one that fits, first by signature), as if it
     * had chained the whole slot at once.
     */
    @Test
    void tradesWhoseReservesComeBackInASlotEndTheSameWhateverTheOrderTheyCome() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            List<Trade> trades = roundTrips(random);
            CurveBook first = new CurveBook(CurveBook.Settings.MAINNET);
            CurveBook second = new CurveBook(CurveBook.Settings.MAINNET);
            CurveBook bySignature = new CurveBook(CurveBook.Settings.MAINNET);
            for (CurveBook book : List.of(first, second, bySignature)) {
                for (int m = 0; m < MINTS; m++) {
                    book.apply(new EventPosition(1, PumpInputs.sig(1_000 + m), 0, 0), PumpInputs.create(PumpInputs.key(m)));
                }
            }
            for (long slot = 2; slot <= SLOTS + 1; slot++) {
                List<Trade> ofSlot = new ArrayList<>();
                for (Trade t : trades) {
                    if (t.slot() == slot) {
                        ofSlot.add(t);
                    }
                }
                Collections.shuffle(ofSlot, random);
                ofSlot.forEach(t -> first.apply(t.unplaced(), t.event()));
                Collections.shuffle(ofSlot, random);
                ofSlot.forEach(t -> second.apply(t.unplaced(), t.event()));
                ofSlot.sort((x, y) -> x.signature().compareTo(y.signature()));
                ofSlot.forEach(t -> bySignature.apply(t.unplaced(), t.event()));
            }
            for (int m = 0; m < MINTS; m++) {
                PublicKey mint = PumpInputs.key(m);
                assertThat(first.curve(mint)).as("seed %d, mint %d", seed, m).isEqualTo(bySignature.curve(mint));
                assertThat(second.curve(mint)).as("seed %d, mint %d", seed, m).isEqualTo(bySignature.curve(mint));
            }
        }
    }

    /** Slot by slot, each slot's trades shuffled and unplaced; a slot now and then held back and brought later, placed. */
    private static void deliver(Random random, List<Trade> trades, CurveBook book) {
        List<List<Trade>> bySlot = new ArrayList<>();
        for (int s = 0; s <= SLOTS + 1; s++) {
            bySlot.add(new ArrayList<>());
        }
        for (Trade t : trades) {
            bySlot.get((int) t.slot()).add(t);
        }
        List<List<Trade>> heldBack = new ArrayList<>();
        long complete = 1; // every slot up to here has all its trades in the book
        for (int s = 2; s <= SLOTS + 1; s++) {
            List<Trade> slot = bySlot.get(s);
            Collections.shuffle(slot, random);
            if (random.nextInt(6) == 0) {
                heldBack.add(slot); // a block read later, the stream having missed the slot
            } else {
                // The block, read after all, places every transaction of the slot (a slot partly placed chains wrong until it is whole).
                int copies = random.nextInt(4) == 0 ? slot.size() : 0;
                for (Trade t : slot) {
                    book.apply(t.unplaced(), t.event());
                }
                for (int i = 0; i < copies; i++) {
                    book.apply(slot.get(i).placed(), slot.get(i).event()); // the block path's copy, which knows the place
                }
            }
            if (!heldBack.isEmpty() && random.nextInt(3) == 0) {
                List<Trade> late = heldBack.removeFirst();
                boolean fromBlock = random.nextBoolean();
                for (Trade t : late) {
                    book.apply(fromBlock ? t.placed() : t.unplaced(), t.event());
                }
            }
            long lowestMissing = s + 1;
            for (List<Trade> late : heldBack) {
                lowestMissing = late.isEmpty() ? lowestMissing : Math.min(lowestMissing, late.getFirst().slot());
            }
            complete = Math.max(complete, lowestMissing - 1);
            if (random.nextInt(5) == 0) {
                book.prune(complete - random.nextInt(3));
            }
        }
        for (List<Trade> late : heldBack) {
            for (Trade t : late) {
                book.apply(t.unplaced(), t.event());
            }
        }
    }

    /** Like {@link #chain}, and now and then a buy followed in the slot by a sell of the same amount. */
    private static List<Trade> roundTrips(Random random) {
        List<Trade> out = new ArrayList<>();
        PumpInputs.Chain chain = new PumpInputs.Chain(random, MINTS);
        chain.slots(SLOTS + 1, (slot, i, m) -> {
            long tokens = 1_000_000_000L * (1 + random.nextInt(4)); // few amounts: reserves come back often
            boolean roundTrip = random.nextInt(3) == 0;
            // A sell only of tokens bought before, so that the curve holds the lamports it pays.
            boolean sells = random.nextInt(3) == 0 && PumpInputs.INITIAL_REAL_TOKENS - chain.reserves[m].realTokenReserves() >= tokens;
            for (boolean buy : roundTrip ? new boolean[] {true, false} : new boolean[] {!sells}) {
                CurveReserves r = chain.reserves[m];
                TradeQuote quote = buy ? CurveMath.buyExactTokens(r, tokens, FeeRates.MAINNET_OBSERVED)
                        : CurveMath.sell(r, tokens, FeeRates.MAINNET_OBSERVED);
                out.add(trade(chain, slot, i, m, quote));
            }
        }, slot -> { });
        return out;
    }

    /** Trades on {@link #MINTS} curves from slot 2 on, each on the reserves the one before on its curve left. */
    private static List<Trade> chain(Random random) {
        List<Trade> out = new ArrayList<>();
        PumpInputs.Chain chain = new PumpInputs.Chain(random, MINTS);
        chain.slots(SLOTS + 1, (slot, i, m) -> out.add(trade(chain, slot, i, m, PumpInputs.randomQuote(random, chain.reserves[m]))),
                slot -> { });
        return out;
    }

    /** The trade {@code quote} on curve {@code m}, at place {@code i} of {@code slot}; moves the curve's reserves. */
    private static Trade trade(PumpInputs.Chain chain, long slot, int i, int m, TradeQuote quote) {
        CurveReserves r = chain.reserves[m];
        TradeEvent event = PumpInputs.trade(PumpInputs.key(m), r, quote);
        chain.reserves[m] = new CurveReserves(event.virtualTokenReserves(), event.virtualSolReserves(), event.realTokenReserves(),
                event.realSolReserves(), r.tokenTotalSupply(), slot);
        return new Trade(PumpInputs.key(m), slot, i, chain.nextSignature(), event);
    }
}
