package io.chainwatch.bench.strategy;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.evm.decode.DecodeResult;
import io.chainwatch.evm.decode.UniswapV2LogDecoder;
import io.chainwatch.evm.decode.UniswapV2Topics;
import io.chainwatch.evm.rpc.EvmLog;
import io.chainwatch.market.PoolBook;
import io.chainwatch.market.PoolState;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskManager;
import io.chainwatch.strategy.arb.ArbitrageDetector;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.exec.PaperExecutor;
import io.chainwatch.strategy.exec.TradingEngine;
import org.HdrHistogram.Histogram;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Sync event to risk decision, in process: 1,000 Uniswap V2 pools (250 pairs on 4 factories: WETH
 * and USDC each against 125 tokens, the WETH/USDC market on all four), a Sync log every 100 µs
 * (10,000 a second) for a pool picked at random, its reserves moved a little (and now and then a
 * lot, so that gaps open). Each log is decoded, applied to the pool book, and handed to the trading
 * engine (detector over every two- and three-pool route through the pool, risk decision, and for an
 * approved trade a paper fill and its settlement). The latency of each event is measured from when
 * it was due, not when it began, so a stall counts against every event it delays (no coordinated
 * omission), to its risk decision: the end of the event for a rejection or for nothing found, the
 * hand-over to the executor for an approved trade. The paper fill and settlement after it are
 * measured apart, as is the time to the decision by outcome. Prints p50, p99, p99.9 and max after a
 * warm-up.
 *
 * <p>Usage: {@code java [-Dwarmup=seconds] -cp bench/target/benchmarks.jar io.chainwatch.bench.strategy.ArbDecisionLoadRun [seconds]}
 * (the warm-up is 10 s unless set)
 */
public final class ArbDecisionLoadRun {
    private static final int FACTORIES = 4;
    private static final int TOKENS = 125;
    private static final long INTERVAL_NANOS = 100_000;
    private static final BigInteger E18 = BigInteger.TEN.pow(18);

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        // Approved trades are about one event in a hundred: their path takes about a minute of this load to be compiled
        // fully, and until then it runs several times slower (-Dwarmup=60 measures the steady state).
        int warmupSeconds = Integer.getInteger("warmup", 10);
        SplittableRandom random = new SplittableRandom(42);
        Address weth = new Address(0, 0, 1);
        Address usdc = new Address(0, 0, 2);
        List<PoolState> pools = new ArrayList<>();
        int id = 100;
        for (int f = 0; f < FACTORIES; f++) {
            pools.add(pool(id++, "dex" + f, weth, E18.multiply(BigInteger.valueOf(5_000)), usdc, BigInteger.valueOf(15_000_000_000_000L)));
            for (int t = 0; t < TOKENS; t++) {
                Address token = new Address(0, 0, 1_000 + t);
                BigInteger tokenReserve = E18.multiply(BigInteger.valueOf(1_000_000 + 1_000L * t));
                pools.add(pool(id++, "dex" + f, weth, E18.multiply(BigInteger.valueOf(100)), token, tokenReserve));
                pools.add(pool(id++, "dex" + f, usdc, BigInteger.valueOf(300_000_000_000L), token, tokenReserve));
            }
        }
        InstantSource clock = InstantSource.system();
        PoolBook book = new PoolBook("bench", Map.of());
        book.restore(pools);
        ArbitrageDetector detector = new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(weth), weth, usdc, 21_000, 90_000, 64), clock);
        pools.forEach(detector::put);
        RiskManager risk = new RiskManager(new RiskLimits(new BigDecimal("1000000"), new BigDecimal("1000000"), 0.5, 0.5,
                new BigDecimal("10000000"), 1_000_000, Duration.ofMinutes(1), false, Map.of("arb", new BigDecimal("1000000000"))),
                new BigDecimal("100000000"), null, clock, e -> { });
        // The goal is Sync event to risk decision: an approved trade's decision is taken the moment it is handed to
        // the executor; the paper fill and its settlement that follow are measured apart ("whole event").
        PaperExecutor paper = new PaperExecutor(detector::pool);
        long[] handedOver = {0};
        io.chainwatch.strategy.exec.Executor executor = (requestId, o, minOut, g) -> {
            handedOver[0] = System.nanoTime();
            return paper.execute(requestId, o, minOut, g);
        };
        TradingEngine engine = new TradingEngine(new TradingEngine.Settings("arb", 0.005, 6), detector, risk,
                executor, new io.chainwatch.strategy.exec.TradeJournal(1_000, 1_000), () -> true, clock);
        UniswapV2LogDecoder decoder = new UniswapV2LogDecoder("bench");
        GasPrice gas = new GasPrice(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(1_000_000_000L));

        // The logs, made before the clock starts. Each puts one pool near its starting price: most a
        // little off (well inside the two pools' fees), one in a hundred 1.5 % off, as after a large
        // swap; the market around it stays where arbitrage left it, as it would with others trading.
        int total = (warmupSeconds + seconds) * (int) (1_000_000_000L / INTERVAL_NANOS);
        EvmLog[] logs = new EvmLog[total];
        for (int i = 0; i < total; i++) {
            PoolState p = pools.get(random.nextInt(pools.size()));
            double move = random.nextInt(100) == 0 ? (random.nextBoolean() ? 0.015 : -0.015) : (random.nextDouble() - 0.5) * 0.004;
            BigInteger r0 = scale(p.reserve0().toBigInteger(), 1 + move);
            BigInteger r1 = scale(p.reserve1().toBigInteger(), 1 / (1 + move));
            logs[i] = new EvmLog(1 + i / 100, Hash32.ZERO, Hash32.ZERO, i % 100, i % 100, p.address(), List.of(UniswapV2Topics.SYNC),
                    "0x" + word(r0) + word(r1), false);
        }

        // The prepared logs are the run's input, not the system's state: a full collection now moves them
        // to the old generation once, instead of every young collection of the run copying them again
        // (in production a log arrives from the socket and dies young).
        System.gc();

        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        Histogram service = new Histogram(3_600_000_000_000L, 3);
        Histogram whole = new Histogram(3_600_000_000_000L, 3);
        // Service time by what the event led to, to say where the tail comes from.
        String[] kinds = {"nothing found", "skipped", "rejected", "approved"};
        Histogram[] byKind = new Histogram[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            byKind[k] = new Histogram(3_600_000_000_000L, 3);
        }
        int warmup = warmupSeconds * (int) (1_000_000_000L / INTERVAL_NANOS);
        long approved = 0;
        long decided = 0;
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < total; i++) {
            long due = start + i * INTERVAL_NANOS;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            long began = System.nanoTime();
            handedOver[0] = 0;
            int kind = 0;
            if (decoder.decode(logs[i]) instanceof DecodeResult.Decoded d) {
                var changed = book.apply(d.event());
                if (changed.isPresent()) {
                    var out = engine.onPoolChange(changed.get(), gas, clock.instant());
                    if (out.isPresent()) {
                        kind = out.get().decision() == null ? 1 : out.get().decision().approved() ? 3 : 2;
                    }
                    if (kind >= 2 && i >= warmup) {
                        decided++;
                        if (kind == 3) {
                            approved++;
                        }
                    }
                }
            }
            if (i % 100 == 99) {
                // A block is done: forget the undo records no reorg can reach, as the cursor does (64 blocks deep).
                book.prune(logs[i].blockNumber() - 65);
            }
            long end = System.nanoTime();
            long decidedAt = handedOver[0] != 0 ? handedOver[0] : end;
            if (i >= warmup) {
                latency.recordValue(decidedAt - due);
                service.recordValue(decidedAt - began);
                whole.recordValue(end - began);
                byKind[kind].recordValue(decidedAt - began);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d pools, %d events at %d/s over %.1f s (%d measured after a %d s warm-up); decisions %d (approved %d)%n",
                pools.size(), total, 1_000_000_000L / INTERVAL_NANOS, elapsed, total - warmup, warmupSeconds, decided, approved);
        System.out.printf("Sync event to risk decision%n");
        System.out.printf("latency from due (µs): p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n", latency.getValueAtPercentile(50) / 1e3,
                latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
        System.out.printf("service time (µs):       p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n", service.getValueAtPercentile(50) / 1e3,
                service.getValueAtPercentile(99) / 1e3, service.getValueAtPercentile(99.9) / 1e3, service.getMaxValue() / 1e3);
        System.out.printf("whole event, with the paper fill and its settlement (µs): p50 %.1f  p99 %.1f  p99.9 %.1f%n",
                whole.getValueAtPercentile(50) / 1e3, whole.getValueAtPercentile(99) / 1e3, whole.getValueAtPercentile(99.9) / 1e3);
        System.out.printf("service time to the decision, by outcome (µs):%n");
        for (int k = 0; k < kinds.length; k++) {
            Histogram h = byKind[k];
            System.out.printf("  %-14s %7d events: p50 %.1f  p99 %.1f  max %.1f%n", kinds[k], h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3);
        }
    }

    private static PoolState pool(int id, String dex, Address a, BigInteger ra, Address b, BigInteger rb) {
        boolean aFirst = a.lo() < b.lo();
        return new PoolState("bench", dex, new Address(7, 0, id), aFirst ? a : b, aFirst ? b : a, 30, U256.of(aFirst ? ra : rb),
                U256.of(aFirst ? rb : ra), 0, Hash32.ZERO);
    }

    private static BigInteger scale(BigInteger v, double factor) {
        return new BigDecimal(v).multiply(BigDecimal.valueOf(factor)).toBigInteger();
    }

    private static String word(BigInteger v) {
        String hex = v.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }
}
