package io.chainwatch.bench.alerts;

import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.AlertManager;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.InMemoryAlertHistory;
import io.chainwatch.alerts.Notification;
import io.chainwatch.alerts.SeriesKey;
import io.chainwatch.alerts.SeriesSnapshot;
import io.chainwatch.alerts.SeriesSource;
import io.chainwatch.core.config.AlertsConfig;
import io.chainwatch.core.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One evaluation of the alert rules over 10,000 series (issue 5's goal: within the 1 s interval
 * using under 10 % of a core, i.e. under 100 ms of CPU per evaluation).
 *
 * <p>The series: 5 metrics of 2,000 series each (labels chain and endpoint), values moving every
 * evaluation so that about 1 % of them hold a threshold and a few fire and resolve each round. The
 * rules: the six default rules, a threshold on each of the 5 metrics, a rate rule and an absence
 * rule; each evaluation advances the clock by 1 s, so groups are notified as they would be (to a
 * channel that takes everything).
 *
 * <p>JMH gives the average wall time per evaluation; {@code main} runs evaluations in a loop and
 * prints the median thread CPU time per evaluation:
 * {@code java -cp bench/target/benchmarks.jar io.chainwatch.bench.alerts.AlertEvaluationBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class AlertEvaluationBenchmark {
    static final int METRICS = 5;
    static final int PER_METRIC = 2_000;

    private static final String RULES = """
            alerts:
              group: { by: [alertname, chain], wait: 30s, interval: 5m, repeat: 4h }
              rules:
                - { name: M0High, kind: threshold, metric: m0, condition: "> 990", for: 5s }
                - { name: M1High, kind: threshold, metric: m1, matchers: ["chain=~c[0-4]"], condition: "> 990", for: 5s }
                - { name: M2High, kind: threshold, severity: critical, metric: m2, condition: "> 995" }
                - { name: M3Low, kind: threshold, metric: m3, condition: "< 5", for: 10s }
                - { name: M4Fast, kind: rate, metric: m4, condition: "> 50", window: 30s }
                - { name: M0Silent, kind: absent, metric: m0, for: 30s }
                - { name: EndpointBenched, kind: event, event: endpoint_state, matchers: ["state=benched"], by: [endpoint] }
            """;

    /** A clock moved by the benchmark. Owned by the benchmark thread. */
    static final class SteppedClock implements InstantSource {
        long millis = Instant.parse("2026-12-05T00:00:00Z").toEpochMilli();

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }

    /** 10,000 series whose values move each round; keys made once, as a Micrometer source keeps them. */
    static final class MovingSeries implements SeriesSource {
        final SeriesKey[] keys = new SeriesKey[METRICS * PER_METRIC];
        final double[] values = new double[keys.length];
        final SteppedClock clock;
        final SplittableRandom random = new SplittableRandom(7);

        MovingSeries(SteppedClock clock) {
            this.clock = clock;
            for (int m = 0; m < METRICS; m++) {
                for (int i = 0; i < PER_METRIC; i++) {
                    keys[m * PER_METRIC + i] = new SeriesKey("m" + m, Map.of("chain", "c" + (i % 10), "endpoint", "e" + i));
                    values[m * PER_METRIC + i] = random.nextInt(1000);
                }
            }
        }

        @Override
        public void collect(SeriesSnapshot into) {
            long now = clock.millis;
            for (int i = 0; i < keys.length; i++) {
                // A random walk kept in 0..1000: about 1 % of each metric sits beyond its thresholds at any time.
                double v = values[i] + random.nextInt(-3, 4);
                values[i] = v < 0 ? 0 : v > 1000 ? 1000 : v;
                into.add(keys[i], values[i], now);
            }
        }
    }

    static final class NullChannel implements AlertChannel {
        @Override
        public String name() {
            return "null";
        }

        @Override
        public Delivery deliver(Notification notification) {
            return new Delivery.Delivered("taken");
        }
    }

    SteppedClock clock;
    AlertManager manager;

    static AlertManager manager(SteppedClock clock) {
        AlertsConfig parsed = new ConfigLoader(Map.of()).parse(RULES, "bench").alerts();
        List<io.chainwatch.core.config.AlertRuleConfig> rules = new java.util.ArrayList<>(parsed.rules());
        rules.addAll(AlertsConfig.DEFAULT_RULES);
        AlertsConfig config = new AlertsConfig(1_000, rules, parsed.routes(), parsed.inhibit(), parsed.group(),
                new io.chainwatch.core.config.AlertDeliveryConfig(4_096, 600_000, 10_000, 1, 1, 1, 3), parsed.channels());
        return AlertManager.builder(config).channels(List.of(new NullChannel())).source(new MovingSeries(clock)).clock(clock)
                .history(new InMemoryAlertHistory(10_000)).registry(new SimpleMeterRegistry()).random(new SplittableRandom(1)).build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        clock = new SteppedClock();
        manager = manager(clock);
        for (int i = 0; i < 120; i++) { // past the first group waits and every for-duration
            clock.millis += 1_000;
            manager.evaluate();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public int evaluate10kSeries() {
        clock.millis += 1_000;
        manager.evaluate();
        return manager.active().size();
    }

    /** Thread CPU time per evaluation, median and 99th percentile of {@code args[0]} (default 600) evaluations after 300 of warm-up. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SteppedClock clock = new SteppedClock();
        try (AlertManager manager = manager(clock)) {
            for (int i = 0; i < 300; i++) {
                clock.millis += 1_000;
                manager.evaluate();
            }
            long[] cpu = new long[rounds];
            long[] wall = new long[rounds];
            int firing = 0;
            for (int i = 0; i < rounds; i++) {
                clock.millis += 1_000;
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                manager.evaluate();
                wall[i] = System.nanoTime() - w0;
                cpu[i] = threads.getCurrentThreadCpuTime() - c0;
                firing += manager.active().size();
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf("series %d, evaluations %d, alerts firing on average %d%n", METRICS * PER_METRIC, rounds, firing / rounds);
            System.out.printf("thread CPU per evaluation: median %.2f ms, p99 %.2f ms, max %.2f ms%n", cpu[rounds / 2] / 1e6,
                    cpu[rounds * 99 / 100] / 1e6, cpu[rounds - 1] / 1e6);
            System.out.printf("wall per evaluation: median %.2f ms, p99 %.2f ms%n", wall[rounds / 2] / 1e6, wall[rounds * 99 / 100] / 1e6);
        }
    }
}
