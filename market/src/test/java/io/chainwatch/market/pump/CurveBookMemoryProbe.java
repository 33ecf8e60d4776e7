package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.CreateEvent;
import io.chainwatch.solana.pump.TradeEvent;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Run in a child JVM by {@link CurveBookMemoryTest}: fills a {@link CurveBook} with N curves (a create, a buy
 * and a sell each, 500 curves a slot, finalized 32 slots behind as on mainnet), queries it, then prints the
 * heap in use after a full GC. Exits 0, or dies of OutOfMemoryError.
 */
public final class CurveBookMemoryProbe {
    private CurveBookMemoryProbe() {
    }

    public static void main(String[] args) {
        int curves = Integer.parseInt(args[0]);
        long started = System.nanoTime();
        CurveBook book = new CurveBook(new CurveBook.Settings(CurveBook.Settings.MAINNET_INITIAL_REAL_TOKEN_RESERVES,
                FeeRates.MAINNET_OBSERVED, 200_000, curves));
        CurveReserves initial = PumpInputs.initialReserves();
        TradeQuote buy = CurveMath.buyExactTokens(initial, 30_000_000_000_000L, FeeRates.MAINNET_OBSERVED);
        CurveReserves afterBuy = CurveMath.reservesAfter(initial, buy, 0);
        TradeQuote sell = CurveMath.sell(afterBuy, 10_000_000_000_000L, FeeRates.MAINNET_OBSERVED);
        long firstSlot = 300_000_000L;
        long signatures = 0;
        for (int i = 0; i < curves; i++) {
            long slot = firstSlot + i / 500;
            PublicKey mint = PumpInputs.key(i + 1L);
            CreateEvent create = PumpInputs.create(mint);
            TradeEvent b = PumpInputs.trade(mint, initial, buy);
            TradeEvent s = PumpInputs.trade(mint, afterBuy, sell);
            require(book.apply(new EventPosition(slot, PumpInputs.sig(++signatures), i % 500, 0), create));
            require(book.apply(new EventPosition(slot, PumpInputs.sig(signatures), i % 500, 1), b));
            require(book.apply(new EventPosition(slot + 1, PumpInputs.sig(++signatures), i % 500, 0), s));
            if (i % 500 == 499) {
                book.prune(slot - 32);
            }
        }
        book.prune(Long.MAX_VALUE - 1);

        SplittableRandom random = new SplittableRandom(7);
        long found = 0;
        for (int q = 0; q < 100_000; q++) {
            CurveView v = book.curve(PumpInputs.key(1 + random.nextInt(curves))).orElseThrow();
            found += v.quoteBuyExactSolIn(1_000_000_000L).orElseThrow().tokenAmount() > 0 ? 1 : 0;
        }
        List<CurveView> recent = book.mostRecentlyActive(CurveStatus.TRADING, 100);
        if (book.size() != curves || found != 100_000 || recent.size() != 100 || recent.getFirst().volume().trades() != 2) {
            throw new IllegalStateException("wrong state: size " + book.size() + ", found " + found + ", recent " + recent.size());
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        long cpuMs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;

        System.gc();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = Runtime.getRuntime().maxMemory();
        System.out.println("curves=" + book.size() + " usedHeapBytes=" + used + " maxHeapBytes=" + max + " tableBytes="
                + book.tableBytes() + " journal=" + book.journalSize() + " events=" + book.counters().applied()
                + " elapsedMs=" + elapsedMs + " mainThreadCpuMs=" + cpuMs);
        Reference.reachabilityFence(book);
    }

    private static void require(CurveBook.Outcome outcome) {
        if (outcome != CurveBook.Outcome.APPLIED) {
            throw new IllegalStateException("not applied: " + outcome);
        }
    }
}
