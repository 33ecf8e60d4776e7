package io.chainwatch.monitor;

import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.PerformanceConfig;
import io.chainwatch.monitor.internal.RegistryReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The performance monitor. Once per sample interval it reads the pipelines' meters from the
 * registry (stage timers of {@link StageTimers}, counters, queue gauges, the JVM binders' CPU, memory
 * and GC figures), grades them against the targets, names the bottleneck, follows each headline
 * series' trend and judges its new figure for anomalies, finds stalled stages, then publishes an
 * immutable {@link PerformanceSnapshot}, appends the sample to the history and tells the
 * {@link FindingListener}s what it found.
 *
 * <p>Nothing here touches a pipeline's hot path: the pipelines only record into their meters.
 * Owned by its sampler thread (everything but {@link #current()}, which any thread may read, and
 * {@link #addListener}, called before {@link #start()}).
 */
public final class PerformanceMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PerformanceMonitor.class);
    /** Samples each series' band and slope are taken over. */
    static final int WINDOW = 60;
    /** Smoothing of each series: about the last five samples weigh most. */
    static final double ALPHA = 0.3;
    /** A rising series that would reach its target within this long at its current slope is a finding. */
    static final long TREND_HORIZON_MS = 3_600_000;
    /** Series whose anomalies and trends are followed: the headline figures and each stage's p99. */
    private static final List<String> WATCHED = List.of("throughput.", "latency.", "errors.", "memory.", "cpu.process", "gc.", "stage.");

    private final PerformanceConfig config;
    private final Grading grading;
    private final InstantSource clock;
    private final FigureReader figures;
    private final PerformanceHistory history;
    private final List<FindingListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, SeriesWatch> watches = new HashMap<>();
    private final Counter historyFailures;
    private final ScheduledExecutorService sampler;
    private volatile PerformanceSnapshot current;
    private long lastSampleMs = -1;
    private long sequence;
    private boolean historyFailing;

    /** @param history where samples are kept, or null to keep none */
    public PerformanceMonitor(PerformanceConfig config, MeterRegistry registry, InstantSource clock, PerformanceHistory history) {
        this.config = config;
        this.grading = new Grading(config.targets());
        this.clock = clock;
        this.figures = new FigureReader(new RegistryReader(registry));
        this.history = history;
        this.current = PerformanceSnapshot.empty(clock.instant());
        this.historyFailures = Counter.builder("chainwatch_performance_history_failures_total")
                .description("Samples the performance history could not keep").register(registry);
        this.sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("performance-monitor").factory());
    }

    /** Takes a sample now (the figures' base for the first interval) and then one each sample interval. */
    public void start() {
        long every = config.sampleIntervalMs();
        sampler.scheduleAtFixedRate(this::sampleQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    public void addListener(FindingListener listener) {
        listeners.add(listener);
    }

    /** The last sample's figures; before the first, an empty snapshot of sequence 0. Any thread. */
    public PerformanceSnapshot current() {
        return current;
    }

    public Optional<PerformanceHistory> history() {
        return Optional.ofNullable(history);
    }

    public PerformanceConfig config() {
        return config;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.error("performance sample failed; the next one is taken as usual", e);
        }
    }

    /**
     * Takes one sample now and publishes it. Called by the sampler thread; a test without {@link #start()}
     * may call it itself, from one thread.
     */
    public PerformanceSnapshot sample() {
        long now = clock.millis();
        Instant at = Instant.ofEpochMilli(now);
        long intervalMs = lastSampleMs < 0 ? config.sampleIntervalMs() : Math.max(1, now - lastSampleMs);
        lastSampleMs = now;
        FigureReader.Figures f = figures.read(intervalMs / 1000.0, now, config.stallAfterMs());
        Grading.Headline headline = Grading.Headline.of(f.pipelines(), f.stages(), f.jvm());
        List<Grade> grades = grading.grade(headline);
        Map<String, Double> series = series(f, headline);
        List<Finding> found = new ArrayList<>();
        List<Trend> trends = new ArrayList<>();
        follow(series, now, at, found, trends);
        found.addAll(Grading.missed(grades, at));
        for (PerformanceSnapshot.Stall s : f.stalls()) {
            found.add(new Finding("stage." + s.chain() + "." + s.stage(), Finding.Kind.STALL, s.queued(), Double.NaN, Double.NaN,
                    Severity.ERROR, at, "%s/%s has %s waiting and has made no progress for %d s".formatted(s.chain(), s.stage(),
                    SeriesWatch.fmt(s.queued()), s.stalledForMs() / 1000)));
        }
        PerformanceSnapshot snapshot = new PerformanceSnapshot(at, ++sequence, intervalMs, f.pipelines(), f.stages(), f.endpoints(),
                f.queues(), f.jvm(), grades, Grading.bottleneck(f.stages()), f.stalls(), trends, found, series);
        current = snapshot;
        keep(at, series);
        tell(at, found);
        return snapshot;
    }

    /** Every figure of the sample under its history name; NaN figures are left out. */
    static Map<String, Double> series(FigureReader.Figures f, Grading.Headline h) {
        Map<String, Double> s = new LinkedHashMap<>();
        put(s, "throughput.events_per_s", h.eventsPerSecond());
        put(s, "latency.p99_ms", h.p99LatencyMs());
        put(s, "errors.rate", h.errorRate());
        put(s, "coverage.slots", h.slotCoverage());
        put(s, "memory.bytes", h.memoryBytes());
        put(s, "memory.heap_bytes", f.jvm().heapBytes());
        put(s, "cpu.process", h.cpuShare());
        put(s, "cpu.system", f.jvm().systemCpu());
        put(s, "gc.pause_ms", f.jvm().gcPauseMs());
        put(s, "network.bytes_per_s", f.jvm().networkBytesPerSecond());
        for (PerformanceSnapshot.Pipeline p : f.pipelines()) {
            put(s, "pipeline." + p.chain() + ".events_per_s", p.eventsPerSecond());
            put(s, "pipeline." + p.chain() + ".units_per_s", p.unitsPerSecond());
            put(s, "pipeline." + p.chain() + ".lag", p.lag());
            put(s, "pipeline." + p.chain() + ".p99_ms", p.p99LatencyMs());
        }
        for (PerformanceSnapshot.Stage st : f.stages()) {
            put(s, "stage." + st.chain() + "." + st.stage() + ".p99_ms", st.p99Ms());
            put(s, "stage." + st.chain() + "." + st.stage() + ".per_s", st.perSecond());
        }
        for (PerformanceSnapshot.Queue q : f.queues()) {
            put(s, "queue." + q.name() + (q.chain().isEmpty() ? "" : "." + q.chain()), q.depth());
        }
        return s;
    }

    private static void put(Map<String, Double> s, String name, double v) {
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
            s.put(name, v);
        }
    }

    /** Feeds the watched series to their watches: anomalies and trends found go to {@code found} and {@code trends}. */
    private void follow(Map<String, Double> series, long now, Instant at, List<Finding> found, List<Trend> trends) {
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String name = e.getKey();
            if (WATCHED.stream().noneMatch(name::startsWith) || name.endsWith(".per_s") && name.startsWith("stage.")) {
                continue;
            }
            SeriesWatch w = watches.computeIfAbsent(name, n -> new SeriesWatch(n, WINDOW, ALPHA));
            w.add(now / 1000.0, e.getValue(), at).ifPresent(found::add);
            Trend t = w.trend();
            trends.add(t);
            towardsLimit(t, at).ifPresent(found::add);
        }
    }

    /** A finding when a series with an upper target rises fast enough to reach it within the horizon. */
    private Optional<Finding> towardsLimit(Trend t, Instant at) {
        PerformanceConfig.Targets g = config.targets();
        double limit = switch (t.metric()) {
            case "latency.p99_ms" -> g.maxP99LatencyMs();
            case "errors.rate" -> g.maxErrorRate();
            case "memory.bytes" -> g.maxMemoryBytes();
            case "cpu.process" -> g.maxCpuShare();
            default -> Double.NaN;
        };
        if (Double.isNaN(limit) || !(t.slopePerSecond() > 0) || t.smoothed() >= limit) {
            return Optional.empty();
        }
        double secondsToLimit = (limit - t.smoothed()) / t.slopePerSecond();
        if (secondsToLimit * 1000 > TREND_HORIZON_MS) {
            return Optional.empty();
        }
        return Optional.of(new Finding(t.metric(), Finding.Kind.TREND, t.smoothed(), Double.NaN, limit, Severity.WARNING, at,
                "%s rises %s/s (smoothed %s): at this rate it reaches its target %s in about %d min".formatted(t.metric(),
                        SeriesWatch.fmt(t.slopePerSecond()), SeriesWatch.fmt(t.smoothed()), SeriesWatch.fmt(limit),
                        Math.max(1, Math.round(secondsToLimit / 60)))));
    }

    private void keep(Instant at, Map<String, Double> series) {
        if (history == null) {
            return;
        }
        try {
            history.append(at, series);
            if (historyFailing) {
                log.info("performance history is kept again");
            }
            historyFailing = false;
        } catch (RuntimeException e) {
            historyFailures.increment();
            if (!historyFailing) {
                log.error("performance history could not keep a sample (counted; logged again only after it works): {}", e.toString());
            }
            historyFailing = true;
        }
    }

    private void tell(Instant at, List<Finding> found) {
        List<Finding> all = List.copyOf(found);
        for (FindingListener l : listeners) {
            try {
                l.onFindings(at, all);
            } catch (RuntimeException e) {
                log.error("a performance finding listener failed: {}", e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
