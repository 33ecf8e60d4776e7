package io.chainwatch.endpoints;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Latency-critical reads: the request goes to the best endpoint; if it has not answered after that
 * endpoint's observed p95 (clamped to [minDelayMs, maxDelayMs]) and the hedge budget allows, the same
 * request goes to the next best, and the first answer wins. A failure moves on to the next endpoint at
 * once (that is failover, not a hedge, and costs no budget).
 *
 * <p>The budget keeps hedging from doubling load when everything is slow: each read earns
 * {@code budgetRatio} of a hedge, up to {@code maxBurst} saved. Thread-safe.
 */
public final class HedgedReader {
    private final EndpointPool pool;
    private final long minDelayMs;
    private final long maxDelayMs;
    private final double budgetRatio;
    private final double maxBurst;
    private final Object budgetLock = new Object();
    private double budget;
    private final Counter hedges;
    private final Counter hedgeWins;
    private final Counter failovers;
    // Hedge timers run on their own thread: the common pool may be busy, and a late hedge is no hedge.
    private static final java.util.concurrent.ScheduledExecutorService TIMER = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hedge-timer");
        t.setDaemon(true);
        return t;
    });

    public HedgedReader(EndpointPool pool, long minDelayMs, long maxDelayMs, double budgetRatio, double maxBurst, MeterRegistry metrics) {
        this.pool = pool;
        this.minDelayMs = minDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.budgetRatio = budgetRatio;
        this.maxBurst = maxBurst;
        this.budget = maxBurst;
        this.hedges = Counter.builder("chainwatch_hedged_requests").tag("chain", pool.chain())
                .description("Reads sent to a second endpoint after the first was slow").register(metrics);
        this.hedgeWins = Counter.builder("chainwatch_hedge_wins").tag("chain", pool.chain())
                .description("Hedged requests that answered before the primary").register(metrics);
        this.failovers = Counter.builder("chainwatch_read_failovers").tag("chain", pool.chain())
                .description("Reads moved to another endpoint after a failure").register(metrics);
    }

    public <T> CompletableFuture<T> read(Function<Endpoint, CompletableFuture<T>> call) {
        List<Endpoint> ranked = pool.ranked();
        if (ranked.isEmpty()) {
            ranked = pool.all(); // all benched: try anyway, best effort, rather than fail without asking
        }
        synchronized (budgetLock) {
            budget = Math.min(maxBurst, budget + budgetRatio);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Attempts<T> attempts = new Attempts<>(ranked, call, result);
        attempts.next(false);
        Endpoint primary = ranked.getFirst();
        long delay = hedgeDelayMs(primary);
        if (ranked.size() > 1) {
            TIMER.schedule(() -> {
                if (!result.isDone() && attempts.started.get() == 1 && takeBudget()) {
                    hedges.increment();
                    Thread.ofVirtual().start(() -> attempts.next(true));
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
        return result;
    }

    private long hedgeDelayMs(Endpoint primary) {
        double p95 = primary.health().p95Ms();
        long d = Double.isNaN(p95) ? maxDelayMs : (long) Math.ceil(p95);
        return Math.max(minDelayMs, Math.min(maxDelayMs, d));
    }

    private boolean takeBudget() {
        synchronized (budgetLock) {
            if (budget >= 1) {
                budget -= 1;
                return true;
            }
            return false;
        }
    }

    private final class Attempts<T> {
        private final List<Endpoint> order;
        private final Function<Endpoint, CompletableFuture<T>> call;
        private final CompletableFuture<T> result;
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicBoolean hedged = new AtomicBoolean();
        // Who settles the result is decided here, so the win is counted before a caller can see the answer.
        private final AtomicBoolean settled = new AtomicBoolean();

        Attempts(List<Endpoint> order, Function<Endpoint, CompletableFuture<T>> call, CompletableFuture<T> result) {
            this.order = order;
            this.call = call;
            this.result = result;
        }

        void next(boolean hedge) {
            int i = started.getAndIncrement();
            if (i >= order.size()) {
                return;
            }
            if (hedge) {
                hedged.set(true);
            }
            CompletableFuture<T> attempt;
            try {
                attempt = call.apply(order.get(i));
            } catch (RuntimeException e) {
                attempt = CompletableFuture.failedFuture(e);
            }
            attempt.whenComplete((value, error) -> {
                int done = finished.incrementAndGet();
                if (error == null) {
                    if (settled.compareAndSet(false, true)) {
                        if (i > 0 && hedged.get()) {
                            hedgeWins.increment();
                        }
                        result.complete(value);
                    }
                    return;
                }
                if (result.isDone()) {
                    return;
                }
                if (started.get() < order.size() && done >= started.get()) {
                    failovers.increment();
                    next(false);
                } else if (done >= Math.min(started.get(), order.size()) && settled.compareAndSet(false, true)) {
                    result.completeExceptionally(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                            ? c.getCause() : error);
                }
            });
        }
    }
}
