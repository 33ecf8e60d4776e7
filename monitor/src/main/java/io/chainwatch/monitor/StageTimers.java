package io.chainwatch.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * How a pipeline stage is timed, so that the {@link PerformanceMonitor} finds every stage the same
 * way: one {@link Timer} named {@value #NAME} (Prometheus: {@code chainwatch_stage_latency_seconds},
 * a histogram) tagged with the {@code chain} the pipeline runs (an EVM chain's name, or
 * {@code solana}) and the {@code stage}.
 *
 * <p>The stages, in the order work passes them: EVM {@value #FETCH} (a range of headers and logs read
 * from an endpoint), {@value #MARKET} (decoded and applied to the pool book), {@value #STORE} (queued
 * for and committed to the store), {@value #DECISION} (the trading engine acting on the commit), and
 * {@value #INGEST_TO_DECISION}, the whole way from a range received to its decision made; Solana
 * {@value #FEED} (one turn of the feed thread: stream inputs settled into the curve book) and
 * {@value #STORE} (a write queued for and written to the store).
 */
public final class StageTimers {
    public static final String NAME = "chainwatch.stage.latency";
    public static final String FETCH = "fetch";
    public static final String MARKET = "market";
    public static final String STORE = "store";
    public static final String DECISION = "decision";
    public static final String FEED = "feed";
    /** Not a stage of its own: the pipeline from ingest to decision, end to end. */
    public static final String INGEST_TO_DECISION = "ingest_to_decision";

    private StageTimers() {
    }

    /** The timer of {@code stage} on {@code chain}, registered once (the registry hands back the same one). */
    public static Timer timer(MeterRegistry registry, String chain, String stage) {
        return Timer.builder(NAME).tag("chain", chain).tag("stage", stage)
                .description("Time work spends in a pipeline stage")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
