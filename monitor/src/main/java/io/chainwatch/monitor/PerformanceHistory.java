package io.chainwatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the monitor keeps its samples, downsampled as they age (the store implements it; see
 * {@code PostgresPerformanceHistory}). {@link #append} is called by the sampler thread only.
 */
public interface PerformanceHistory {
    /** Keeps one sample: each series' figure at {@code at}. Throws on a storage failure (the monitor counts and logs it). */
    void append(Instant at, Map<String, Double> figures);

    /**
     * The series between {@code from} (inclusive) and {@code to} (exclusive), one point per {@code step},
     * read from the finest resolution kept that far back and not finer than the step.
     */
    List<Series> query(Instant from, Instant to, Duration step);

    /** One series' points, oldest first. */
    record Series(String metric, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** The samples in one step: their mean, smallest and largest figure, and how many there were. */
    record Point(Instant at, double mean, double min, double max, long samples) {
    }
}
