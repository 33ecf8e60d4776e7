package io.chainwatch.bench.solana;

import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.market.pump.CurveMath;
import io.chainwatch.market.pump.CurveReserves;
import io.chainwatch.market.pump.EventPosition;
import io.chainwatch.market.pump.FeeRates;
import io.chainwatch.market.pump.TradeQuote;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.TradeEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Catching up after an outage, in the curve book alone: the stream came back {@link #GAP_SLOTS} slots
 * late and has brought {@code tailSlots} slots since (their trades applied as logsSubscribe brings them,
 * without their places in the block); then the blocks of the missed slots come, each trade with its place
 * (one op: one backfilled trade). Every trade lands before the stream's, on the same 64 curves, as in
 * the load run (20 trades a slot, chained on each curve's reserves). The book is made again before each
 * measurement, outside it.
 *
 * <p>Before 2026-12-05's change each backfilled trade chained again and re-folded the curve's history
 * after it, so its cost grew with {@code tailSlots}: catching up cost time in proportion to the square
 * of the backlog. Run: {@code java -jar bench/target/benchmarks.jar CurveBookCatchUp}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 15)
@Fork(1)
public class CurveBookCatchUpBenchmark {
    private static final int CURVES = 64;
    private static final int TRADES_PER_SLOT = 20;
    private static final int GAP_SLOTS = 200;
    private static final int GAP_TRADES = GAP_SLOTS * TRADES_PER_SLOT;
    private static final long FIRST_SLOT = 2;

    /** Slots the stream brought after the gap before the gap's blocks come. */
    @Param({"0", "500", "2000"})
    public int tailSlots;

    record Trade(long slot, int txIndex, TxSignature signature, TradeEvent event) {
    }

    private final List<Trade> gap = new ArrayList<>();
    private final List<Trade> tail = new ArrayList<>();
    private CurveBook book;

    @Setup(Level.Trial)
    public void chain() {
        Random random = new Random(42);
        CurveReserves[] reserves = new CurveReserves[CURVES];
        for (int m = 0; m < CURVES; m++) {
            reserves[m] = new CurveReserves(1_073_000_000_000_000L, 30_000_000_000L, 793_100_000_000_000L, 0, 1_000_000_000_000_000L, 1);
        }
        for (long slot = FIRST_SLOT; slot < FIRST_SLOT + GAP_SLOTS + tailSlots; slot++) {
            for (int i = 0; i < TRADES_PER_SLOT; i++) {
                (slot < FIRST_SLOT + GAP_SLOTS ? gap : tail).add(trade(random, reserves, random.nextInt(CURVES), slot, i));
            }
        }
    }

    @Setup(Level.Invocation)
    public void streamCameBackLate() {
        book = new CurveBook(CurveBook.Settings.MAINNET);
        for (int m = 0; m < CURVES; m++) {
            book.apply(new EventPosition(1, new TxSignature(m, 1, 2, 3, 4, 5, 6, 7), 0, 0), create(mint(m)));
        }
        for (Trade t : tail) {
            book.apply(new EventPosition(t.slot(), t.signature(), -1, 0), t.event());
        }
    }

    @Benchmark
    @OperationsPerInvocation(GAP_TRADES)
    public CurveBook backfillTheGap() {
        for (Trade t : gap) {
            book.apply(new EventPosition(t.slot(), t.signature(), t.txIndex(), 0), t.event());
        }
        return book;
    }

    /**
     * The stream in steady state on busy slots: 200 trades a slot on the same 64 curves (about three a curve), applied
     * as logsSubscribe brings them, in block order and without their places; slots finalized 32 behind. One op: one
     * trade. A curve's second trade in a slot chains the slot's run again, and before 2026-12-05's fold cache that
     * folded the curve's whole unfinalized history each time.
     */
    @State(Scope.Thread)
    public static class BusySlots {
        static final int SLOTS = 300;
        static final int PER_SLOT = 200;
        final List<Trade> trades = new ArrayList<>();
        CurveBook book;

        @Setup(Level.Trial)
        public void chain() {
            Random random = new Random(7);
            CurveReserves[] reserves = new CurveReserves[CURVES];
            for (int m = 0; m < CURVES; m++) {
                reserves[m] = new CurveReserves(1_073_000_000_000_000L, 30_000_000_000L, 793_100_000_000_000L, 0,
                        1_000_000_000_000_000L, 1);
            }
            for (long slot = FIRST_SLOT; slot < FIRST_SLOT + SLOTS; slot++) {
                for (int i = 0; i < PER_SLOT; i++) {
                    int m = random.nextInt(CURVES);
                    trades.add(trade(random, reserves, m, slot, i));
                }
            }
        }

        @Setup(Level.Invocation)
        public void freshBook() {
            book = new CurveBook(CurveBook.Settings.MAINNET);
            for (int m = 0; m < CURVES; m++) {
                book.apply(new EventPosition(1, new TxSignature(m, 1, 2, 3, 4, 5, 6, 7), 0, 0), create(mint(m)));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BusySlots.SLOTS * BusySlots.PER_SLOT)
    public CurveBook streamBusySlots(BusySlots s) {
        long finalized = 0;
        for (Trade t : s.trades) {
            s.book.apply(new EventPosition(t.slot(), t.signature(), -1, 0), t.event());
            if (t.slot() - 32 > finalized) {
                finalized = t.slot() - 32;
                s.book.prune(finalized);
            }
        }
        return s.book;
    }

    /** A buy or sell of curve {@code m} on its reserves, which it moves; at place {@code txIndex} of {@code slot}. */
    private static Trade trade(Random random, CurveReserves[] reserves, int m, long slot, int txIndex) {
        CurveReserves r = reserves[m];
        boolean buy = random.nextInt(3) > 0 || r.realTokenReserves() > 793_100_000_000_000L - 2_000_000_000_000L;
        long tokens = 1_000_000_000L * (1 + random.nextInt(1_000)) + random.nextInt(1_000_000_000);
        TradeQuote q = buy ? CurveMath.buyExactTokens(r, tokens, FeeRates.MAINNET_OBSERVED) : CurveMath.sell(r, tokens, FeeRates.MAINNET_OBSERVED);
        CurveReserves after = CurveMath.reservesAfter(r, q, slot);
        reserves[m] = after;
        TradeEvent event = new TradeEvent(mint(m), q.solAmountLamports(), q.tokenAmount(), buy, key(5), 1_770_000_000L + slot,
                after.virtualSolReserves(), after.virtualTokenReserves(), after.realSolReserves(), after.realTokenReserves(),
                key(6), 95, q.protocolFeeLamports(), key(7), 30, q.creatorFeeLamports(), false, 0, 0, 0, 0,
                buy ? "buy" : "sell", false, 0, 0, 0, 0, List.of(), PublicKey.ZERO, 0, 0, 0, 0, 0, TradeEvent.IDL_FIELDS.size());
        TxSignature sig = new TxSignature(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(),
                random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        return new Trade(slot, txIndex, sig, event);
    }

    private static CreateEvent create(PublicKey mint) {
        return new CreateEvent("Name", "SYM", "https://example.org/m.json", mint, key(1), key(2), key(7), 1_770_000_000L,
                1_073_000_000_000_000L, 30_000_000_000L, 793_100_000_000_000L, 1_000_000_000_000_000L, key(3), false, false,
                PublicKey.ZERO, 30_000_000_000L, 0, false, CreateEvent.IDL_FIELDS.size());
    }

    private static PublicKey mint(int m) {
        return key(1_000 + m);
    }

    private static PublicKey key(long n) {
        return new PublicKey(n * 0x9E3779B97F4A7C15L, n, ~n, n * 31 + 7);
    }
}
