package io.chainwatch.endpoints;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request outcomes of one endpoint. Request threads only record (lock-free: a histogram recorder
 * and adders); the scorer thread rolls the recorded interval into a sliding window and reads it.
 * Window state is owned by the scorer thread.
 */
final class EndpointStats {
    private static final long MAX_LATENCY_NS = 120_000_000_000L;

    private final Recorder latency = new Recorder(MAX_LATENCY_NS, 2);
    private final LongAdder successes = new LongAdder();
    private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
    private final int windowIntervals;

    // Scorer-thread state.
    private final ArrayDeque<Interval> window = new ArrayDeque<>();
    private Histogram recycled;
    private long lastSuccesses;
    private final Map<FailureKind, Long> lastFailures = new EnumMap<>(FailureKind.class);
    private double ewmaMs = Double.NaN;

    private record Interval(Histogram latency, long successes, long failures, long throttled) {
    }

    /** What the scorer derived over the window. */
    record Window(double ewmaMs, double p50Ms, double p95Ms, double p99Ms, long requests, double errorRate,
                  double throttleRate) {
    }

    EndpointStats(int windowIntervals) {
        this.windowIntervals = windowIntervals;
        for (FailureKind k : FailureKind.values()) {
            failures.put(k, new LongAdder());
            lastFailures.put(k, 0L);
        }
    }

    void success(long latencyNs) {
        latency.recordValue(Math.min(Math.max(latencyNs, 1), MAX_LATENCY_NS));
        successes.increment();
    }

    void failure(FailureKind kind, long latencyNs) {
        if (kind == FailureKind.TIMEOUT) {
            latency.recordValue(Math.min(Math.max(latencyNs, 1), MAX_LATENCY_NS));
        }
        failures.get(kind).increment();
    }

    long failures(FailureKind kind) {
        return failures.get(kind).sum();
    }

    long successes() {
        return successes.sum();
    }

    /** Scorer thread: closes the current interval and returns the window's figures. */
    Window roll() {
        Histogram h = latency.getIntervalHistogram(recycled);
        long s = successes.sum();
        long f = 0;
        long throttled = 0;
        for (FailureKind k : FailureKind.values()) {
            long total = failures.get(k).sum();
            long delta = total - lastFailures.get(k);
            lastFailures.put(k, total);
            if (k == FailureKind.THROTTLED) {
                throttled += delta;
            }
            f += delta;
        }
        Interval now = new Interval(h, s - lastSuccesses, f, throttled);
        lastSuccesses = s;
        window.addLast(now);
        recycled = null;
        if (window.size() > windowIntervals) {
            recycled = window.removeFirst().latency();
            recycled.reset();
        }
        if (h.getTotalCount() > 0) {
            double meanMs = h.getMean() / 1e6;
            ewmaMs = Double.isNaN(ewmaMs) ? meanMs : 0.3 * meanMs + 0.7 * ewmaMs;
        }
        Histogram merged = new Histogram(MAX_LATENCY_NS, 2);
        long ok = 0;
        long bad = 0;
        long thr = 0;
        for (Interval i : window) {
            merged.add(i.latency());
            ok += i.successes();
            bad += i.failures();
            thr += i.throttled();
        }
        long total = ok + bad;
        return new Window(ewmaMs, pct(merged, 50), pct(merged, 95), pct(merged, 99), total,
                total == 0 ? 0 : (double) bad / total, total == 0 ? 0 : (double) thr / total);
    }

    private static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
    }
}
