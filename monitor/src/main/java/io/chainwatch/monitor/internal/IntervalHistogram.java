package io.chainwatch.monitor.internal;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Quantiles of what a timer recorded between two reads, from its histogram's bucket counts: the
 * Prometheus registry keeps them cumulative, so the difference of two reads is the interval's own
 * distribution. A registry whose histogram rolls over by itself (counts that fell) is read as it is.
 * Owned by the sampler thread; not thread-safe.
 */
public final class IntervalHistogram {
    private final Map<Timer.Id, double[]> last = new HashMap<>();

    /** The interval's count and quantiles, in milliseconds. */
    public record Interval(long count, double p50Ms, double p99Ms, double maxMs) {
        public static final Interval EMPTY = new Interval(0, Double.NaN, Double.NaN, Double.NaN);
    }

    public Interval read(Timer timer) {
        HistogramSnapshot s = timer.takeSnapshot();
        CountAtBucket[] buckets = s.histogramCounts();
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            counts[i] = buckets[i].count();
        }
        double[] before = last.put(timer.getId(), counts);
        double[] interval = counts.clone();
        if (before != null && before.length == counts.length && !fell(before, counts)) {
            for (int i = 0; i < counts.length; i++) {
                interval[i] = counts[i] - before[i];
            }
        }
        double total = interval.length == 0 ? 0 : interval[interval.length - 1];
        if (total <= 0) {
            return Interval.EMPTY;
        }
        double maxMs = s.max(TimeUnit.NANOSECONDS) / 1e6;
        return new Interval((long) total, quantile(buckets, interval, total, 0.5, maxMs), quantile(buckets, interval, total, 0.99, maxMs),
                maxMs);
    }

    private static boolean fell(double[] before, double[] now) {
        for (int i = 0; i < now.length; i++) {
            if (now[i] < before[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The q-quantile: the first bucket whose cumulative count reaches q of the total, interpolated
     * linearly inside it; never above the largest value recorded.
     */
    static double quantile(CountAtBucket[] buckets, double[] cumulative, double total, double q, double maxMs) {
        double rank = q * total;
        double lowerMs = 0;
        double lowerCount = 0;
        for (int i = 0; i < buckets.length; i++) {
            double upperMs = buckets[i].bucket(TimeUnit.NANOSECONDS) / 1e6;
            if (cumulative[i] >= rank) {
                double inBucket = cumulative[i] - lowerCount;
                double v = inBucket <= 0 ? upperMs : lowerMs + (upperMs - lowerMs) * (rank - lowerCount) / inBucket;
                return maxMs > 0 ? Math.min(v, maxMs) : v;
            }
            lowerMs = upperMs;
            lowerCount = cumulative[i];
        }
        return maxMs > 0 ? maxMs : lowerMs;
    }
}
