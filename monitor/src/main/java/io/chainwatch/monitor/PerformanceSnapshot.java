package io.chainwatch.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The performance figures of one sample interval, graded; immutable, published by the monitor once
 * per interval. Rates and quantiles are over the interval; NaN where nothing was measured.
 *
 * @param sequence     1 for the first sample, one more for each after it (0: none taken yet)
 * @param intervalMs   the time the rates and quantiles cover
 * @param bottleneck   the slowest stage by p99 this interval ({@code chain/stage}), or null when no stage worked
 * @param series       every figure of this sample by its history name (what the history keeps and trends follow)
 */
public record PerformanceSnapshot(Instant at, long sequence, long intervalMs, List<Pipeline> pipelines, List<Stage> stages,
                                  List<EndpointFigures> endpoints, List<Queue> queues, Jvm jvm, List<Grade> grades, String bottleneck,
                                  List<Stall> stalls, List<Trend> trends, List<Finding> findings, Map<String, Double> series) {
    public PerformanceSnapshot {
        pipelines = List.copyOf(pipelines);
        stages = List.copyOf(stages);
        endpoints = List.copyOf(endpoints);
        queues = List.copyOf(queues);
        grades = List.copyOf(grades);
        stalls = List.copyOf(stalls);
        trends = List.copyOf(trends);
        findings = List.copyOf(findings);
        series = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(series));
    }

    /** Before the first sample. */
    static PerformanceSnapshot empty(Instant at) {
        return new PerformanceSnapshot(at, 0, 0, List.of(), List.of(), List.of(), List.of(),
                new Jvm(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN), List.of(), null, List.of(),
                List.of(), List.of(), Map.of());
    }

    /**
     * One chain's pipeline.
     *
     * @param kind           {@code evm} or {@code solana}
     * @param eventsPerSecond chain events handled (pool events; pump.fun events)
     * @param unitsPerSecond blocks (EVM) or slots settled (Solana) per second
     * @param lag            blocks or slots behind the head
     * @param coverage       Solana: slots handled with their data ÷ slots produced; NaN for EVM
     * @param p99LatencyMs   ingest to decision where timed end to end, otherwise the sum of the stages' p99
     */
    public record Pipeline(String chain, String kind, double eventsPerSecond, double unitsPerSecond, double lag, double coverage,
                           double p99LatencyMs) {
    }

    /** One stage of one pipeline: how often it ran this interval, how long it took, how often it failed. */
    public record Stage(String chain, String stage, long count, double perSecond, double p50Ms, double p99Ms, double maxMs, double errors,
                        double errorRate) {
        public String name() {
            return chain + "/" + stage;
        }
    }

    /** One endpoint as its pool scores it. */
    public record EndpointFigures(String chain, String endpoint, double errorRate, double p99Ms, double score, boolean up) {
    }

    /** A bounded queue's depth now. */
    public record Queue(String name, String chain, double depth) {
    }

    /**
     * The process.
     *
     * @param processCpu   the process's CPU use, a share of all cores
     * @param systemCpu    the machine's CPU use, a share of all cores
     * @param memoryBytes  JVM memory in use, heap and non-heap
     * @param gcPauseMs    time paused for garbage collection this interval
     * @param gcPauseMaxMs the longest pause recently
     * @param networkBytesPerSecond bytes read from endpoints per second
     */
    public record Jvm(double processCpu, double systemCpu, double memoryBytes, double heapBytes, double gcPauseMs, double gcPauseMaxMs,
                      long gcPauses, double networkBytesPerSecond) {
    }

    /** A stage with work queued and no progress. */
    public record Stall(String chain, String stage, double queued, long stalledForMs) {
    }
}
