package io.chainwatch.monitor;

import io.chainwatch.core.config.PerformanceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The monitor over a real Prometheus registry, the meters recorded as the pipelines record them and
 * the clock moved by hand: rates and quantiles cover one interval only, stalls need the stall time.
 * (The figures of a running pipeline are in the api module's PerformanceApiTest.)
 */
@Timeout(30)
class PerformanceMonitorTest {
    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(nowMs.get());
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PerformanceConfig config = new PerformanceConfig(10_000, 30_000, PerformanceConfig.Targets.DEFAULTS,
            PerformanceConfig.Retention.DEFAULTS);

    @Test
    void ratesAndQuantilesCoverOnlyTheLastInterval() {
        Counter blocks = Counter.builder(FigureReader.EVM_BLOCKS).tag("chain", "demo").register(registry);
        Counter events = Counter.builder(FigureReader.EVM_EVENTS).tag("chain", "demo").register(registry);
        Timer fetch = StageTimers.timer(registry, "demo", StageTimers.FETCH);
        Timer store = StageTimers.timer(registry, "demo", StageTimers.STORE);
        try (PerformanceMonitor monitor = new PerformanceMonitor(config, registry, clock, null)) {
            for (int i = 0; i < 100; i++) {
                fetch.record(500, TimeUnit.MILLISECONDS); // slow, before the first sample: not in the interval
            }
            monitor.sample();
            for (int i = 0; i < 1000; i++) {
                fetch.record(2, TimeUnit.MILLISECONDS);
                store.record(i < 990 ? 5 : 40, TimeUnit.MILLISECONDS);
            }
            blocks.increment(40);
            events.increment(2_000);
            nowMs.addAndGet(10_000);
            PerformanceSnapshot s = monitor.sample();

            assertThat(s.sequence()).isEqualTo(2);
            PerformanceSnapshot.Pipeline p = s.pipelines().getFirst();
            assertThat(p.chain()).isEqualTo("demo");
            assertThat(p.eventsPerSecond()).isCloseTo(200, within(1e-9));
            assertThat(p.unitsPerSecond()).isCloseTo(4, within(1e-9));
            PerformanceSnapshot.Stage f = s.stages().stream().filter(x -> x.stage().equals("fetch")).findFirst().orElseThrow();
            assertThat(f.count()).isEqualTo(1000);
            assertThat(f.p99Ms()).isBetween(1.5, 3.0); // the 500 ms before the interval are not in it
            PerformanceSnapshot.Stage st = s.stages().stream().filter(x -> x.stage().equals("store")).findFirst().orElseThrow();
            assertThat(st.p50Ms()).isBetween(4.0, 6.0);
            assertThat(st.p99Ms()).isBetween(4.0, 41.0);
            assertThat(s.bottleneck()).isEqualTo("demo/store");
            assertThat(s.series()).containsEntry("throughput.events_per_s", 200.0);
            assertThat(s.grades()).anySatisfy(g -> {
                assertThat(g.target()).isEqualTo("throughput");
                assertThat(g.verdict()).isEqualTo(Grade.Verdict.PASS);
            });
        }
    }

    @Test
    void aStageWithWorkQueuedAndNoProgressForTheStallTimeIsAStallFinding() {
        AtomicLong depth = new AtomicLong(3);
        Gauge.builder(FigureReader.EVM_QUEUE, depth, AtomicLong::get).tag("chain", "demo").register(registry);
        Counter.builder(FigureReader.EVM_BLOCKS).tag("chain", "demo").register(registry);
        Timer store = StageTimers.timer(registry, "demo", StageTimers.STORE);
        List<List<Finding>> told = new ArrayList<>();
        try (PerformanceMonitor monitor = new PerformanceMonitor(config, registry, clock, null)) {
            monitor.addListener((at, findings) -> told.add(findings));
            monitor.sample();
            nowMs.addAndGet(20_000);
            assertThat(monitor.sample().stalls()).isEmpty(); // 20 s: not yet
            nowMs.addAndGet(10_000);
            PerformanceSnapshot s = monitor.sample();
            assertThat(s.stalls()).singleElement().satisfies(x -> {
                assertThat(x.stage()).isEqualTo("store");
                assertThat(x.stalledForMs()).isEqualTo(30_000);
            });
            assertThat(told.getLast()).anySatisfy(x -> assertThat(x.kind()).isEqualTo(Finding.Kind.STALL));
            store.record(1, TimeUnit.MILLISECONDS); // progress: the clock starts again
            nowMs.addAndGet(10_000);
            assertThat(monitor.sample().stalls()).isEmpty();
            assertThat(told.getLast()).noneSatisfy(x -> assertThat(x.kind()).isEqualTo(Finding.Kind.STALL));
        }
    }

    @Test
    void everySampleGoesToTheHistoryAndAFailingHistoryIsCountedNotFatal() {
        List<Instant> kept = new ArrayList<>();
        PerformanceHistory failing = new PerformanceHistory() {
            @Override
            public void append(Instant at, java.util.Map<String, Double> figures) {
                kept.add(at);
                if (kept.size() == 2) {
                    throw new IllegalStateException("database down");
                }
            }

            @Override
            public List<Series> query(Instant from, Instant to, java.time.Duration step) {
                return List.of();
            }
        };
        try (PerformanceMonitor monitor = new PerformanceMonitor(config, registry, clock, failing)) {
            for (int i = 0; i < 3; i++) {
                monitor.sample();
                nowMs.addAndGet(10_000);
            }
            assertThat(kept).hasSize(3);
            assertThat(registry.get("chainwatch_performance_history_failures_total").counter().count()).isEqualTo(1);
        }
    }
}
