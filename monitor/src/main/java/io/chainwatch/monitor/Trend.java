package io.chainwatch.monitor;

/**
 * A series' direction: its last figure, its exponentially smoothed figure and its least-squares
 * slope per second over the samples the monitor keeps.
 */
public record Trend(String metric, double value, double smoothed, double slopePerSecond) {
}
