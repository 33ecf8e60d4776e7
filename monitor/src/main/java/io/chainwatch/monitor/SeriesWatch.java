package io.chainwatch.monitor;

import io.chainwatch.alerts.Severity;

import java.time.Instant;
import java.util.Optional;

/**
 * One series' recent samples, its smoothed figure and slope, and whether a new sample is an anomaly.
 * Bounded: keeps the last {@code window} samples. Owned by the sampler thread; not thread-safe.
 */
final class SeriesWatch {
    /** A robust z-score beyond this is an anomaly (3.5 is the usual cut for the modified z-score). */
    static final double Z_LIMIT = 3.5;
    /** Samples needed before a new one is judged: a band from fewer is not worth an alert. */
    static final int MIN_SAMPLES = 12;

    private final String metric;
    private final double alpha;
    private final double[] times;
    private final double[] values;
    private int size;
    private int next;
    private double smoothed = Double.NaN;

    SeriesWatch(String metric, int window, double alpha) {
        this.metric = metric;
        this.alpha = alpha;
        this.times = new double[window];
        this.values = new double[window];
    }

    /**
     * Takes the sample at {@code atSeconds}: judges it against the samples before it (an anomaly when
     * its robust z-score is beyond {@link #Z_LIMIT}), then keeps it. NaN samples are skipped.
     */
    Optional<Finding> add(double atSeconds, double value, Instant at) {
        if (Double.isNaN(value)) {
            return Optional.empty();
        }
        Optional<Finding> anomaly = Optional.empty();
        if (size >= MIN_SAMPLES) {
            double[] ordered = ordered(values);
            double z = SeriesStatistics.robustZ(ordered, size, value);
            if (Math.abs(z) > Z_LIMIT) {
                double median = SeriesStatistics.median(ordered, size);
                double sigma = SeriesStatistics.robustSigma(ordered, size, median);
                double low = median - Z_LIMIT * sigma;
                double high = median + Z_LIMIT * sigma;
                anomaly = Optional.of(new Finding(metric, Finding.Kind.ANOMALY, value, low, high, Severity.WARNING, at,
                        "%s is %s, outside its recent band %s..%s (robust z %s)".formatted(metric, fmt(value), fmt(low), fmt(high),
                                Double.isInfinite(z) ? (z > 0 ? "+inf" : "-inf") : fmt(z))));
            }
        }
        times[next] = atSeconds;
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
        smoothed = SeriesStatistics.ewma(smoothed, value, alpha);
        return anomaly;
    }

    Trend trend() {
        double last = size == 0 ? Double.NaN : values[(next - 1 + values.length) % values.length];
        return new Trend(metric, last, smoothed, SeriesStatistics.slope(ordered(times), ordered(values), size));
    }

    /** The samples kept, oldest first. */
    private double[] ordered(double[] ring) {
        double[] out = new double[size];
        int start = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(start + i) % ring.length];
        }
        return out;
    }

    static String fmt(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%.0f", v)
                : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
