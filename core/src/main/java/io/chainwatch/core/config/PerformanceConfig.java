package io.chainwatch.core.config;

/**
 * The {@code performance:} section: how often the performance monitor samples, what it grades the
 * figures against, and how long its history is kept. Every key has a default ({@link #DEFAULTS});
 * a value given wrong is refused, never replaced by the default.
 *
 * @param sampleIntervalMs how often figures are taken, graded and written to the history (its finest resolution)
 * @param stallAfterMs     a stage with work queued and no progress for this long is reported stalled
 * @param targets          what each figure is graded against
 * @param retention        how long each resolution of the history is kept
 */
public record PerformanceConfig(long sampleIntervalMs, long stallAfterMs, Targets targets, Retention retention) {
    public static final PerformanceConfig DEFAULTS = new PerformanceConfig(10_000, 30_000, Targets.DEFAULTS, Retention.DEFAULTS);

    public PerformanceConfig {
        java.util.Objects.requireNonNull(targets, "targets");
        java.util.Objects.requireNonNull(retention, "retention");
    }

    /**
     * The grading targets. A figure on the right side of its target passes, unless it is within
     * {@code warnMargin} (a share of the target) of it: then it warns. On the wrong side it fails.
     *
     * @param minEventsPerSecond  throughput: chain events handled per second, all pipelines together
     * @param maxP99LatencyMs     latency: the slowest pipeline's p99 from ingest to decision
     * @param maxErrorRate        errors: failed operations ÷ operations, all stages together
     * @param minSlotCoverage     Solana slots handled with their data ÷ slots produced
     * @param maxMemoryBytes      JVM memory in use (heap and non-heap)
     * @param maxCpuShare         process CPU, a share of all cores (0.5 = half the machine)
     * @param warnMargin          how close to a target a passing figure warns (0.2: within 20%)
     */
    public record Targets(double minEventsPerSecond, double maxP99LatencyMs, double maxErrorRate, double minSlotCoverage,
                          long maxMemoryBytes, double maxCpuShare, double warnMargin) {
        public static final Targets DEFAULTS = new Targets(100, 100, 0.01, 0.999, 2L << 30, 0.5, 0.2);
    }

    /**
     * How long each resolution of the history is kept: samples at the sample interval, then one-minute
     * and one-hour aggregates (mean, minimum, maximum) made from them.
     */
    public record Retention(long rawMs, long minuteMs, long hourMs) {
        public static final Retention DEFAULTS = new Retention(86_400_000L, 7 * 86_400_000L, 365 * 86_400_000L);
    }
}
