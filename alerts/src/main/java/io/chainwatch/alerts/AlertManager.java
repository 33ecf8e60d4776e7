package io.chainwatch.alerts;

import io.chainwatch.alerts.internal.AlertBook;
import io.chainwatch.alerts.internal.AlertMetrics;
import io.chainwatch.alerts.internal.ChannelWorker;
import io.chainwatch.alerts.internal.Dispatcher;
import io.chainwatch.alerts.internal.EventRule;
import io.chainwatch.alerts.internal.Inhibitor;
import io.chainwatch.alerts.internal.Labels;
import io.chainwatch.alerts.internal.MetricRule;
import io.chainwatch.alerts.internal.SilenceBook;
import io.chainwatch.core.config.AlertRuleConfig;
import io.chainwatch.core.config.AlertDeliveryConfig;
import io.chainwatch.core.config.AlertsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The alert manager: evaluates the rules, keeps the alerts, groups, inhibits, silences and routes
 * them, and hands notifications to each channel's delivery thread.
 *
 * <p>Threads: {@link #evaluate()} runs on one thread at a time, the evaluation thread (the one
 * {@link #start()} makes, or a test's), which owns the rules' and alerts' state. {@link #event},
 * {@link #orphaned} and the channels' feedback reach it through bounded queues; silences through a
 * concurrent map; {@link #active()} is a published immutable list. Evaluation never waits for a channel.
 */
public final class AlertManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertManager.class);

    private sealed interface Input {
    }

    private record EventInput(AlertEvent event) implements Input {
    }

    private record OrphanedInput(String chain, long from) implements Input {
    }

    private record ChannelFailing(String channel, String reason) implements Input {
    }

    private record ChannelRecovered(String channel) implements Input {
    }

    private record GaveUp(String groupKey, String channel) implements Input {
    }

    private final AlertsConfig config;
    private final InstantSource clock;
    private final SeriesSource source;
    private final AlertHistory history;
    private final AlertMetrics metrics;
    private final SilenceBook silences;
    private final SilenceStore silenceStore;
    private final AlertBook book;
    private final Dispatcher dispatcher;
    private final Map<String, MetricRule[]> metricRulesByName = new HashMap<>();
    private final List<MetricRule> metricRules = new ArrayList<>();
    private final Map<String, List<EventRule>> eventRulesByKind = new HashMap<>();
    private final Map<String, ChannelWorker> workers = new LinkedHashMap<>();
    private final BlockingQueue<Input> inputs;
    private final BlockingQueue<Input> feedback;
    private final SeriesSnapshot snapshot = new SeriesSnapshot(1024);
    private final int[] firingCounts = new int[Severity.values().length];
    private long round;
    private boolean changed;
    private volatile List<Alert> active = List.of();
    private volatile boolean closed;
    private ScheduledExecutorService scheduler;
    private long failures;

    private AlertManager(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.source = b.source;
        this.history = b.history;
        this.metrics = new AlertMetrics(b.registry);
        this.silences = new SilenceBook(clock, b.random.split(), b.silenceCapacity);
        this.silenceStore = b.silenceStore;
        silences.restore(silenceStore.load());
        this.inputs = new ArrayBlockingQueue<>(b.inputCapacity);
        this.feedback = new ArrayBlockingQueue<>(b.inputCapacity);
        List<String> names = b.channels.stream().map(AlertChannel::name).toList();
        this.dispatcher = new Dispatcher(config.routes(), names, config.group(), new Inhibitor(config.inhibit()), silences, this::send);
        this.book = new AlertBook(this::changed);
        Instant start = clock.instant();
        Map<String, List<MetricRule>> byName = new HashMap<>();
        for (AlertRuleConfig r : config.rules()) {
            if (r.kind() == AlertRuleConfig.Kind.EVENT) {
                eventRulesByKind.computeIfAbsent(r.event(), k -> new ArrayList<>()).add(new EventRule(r));
            } else {
                MetricRule m = new MetricRule(r, config.evaluationIntervalMs(), start);
                metricRules.add(m);
                byName.computeIfAbsent(r.metric(), k -> new ArrayList<>()).add(m);
            }
        }
        byName.forEach((name, rules) -> metricRulesByName.put(name, rules.toArray(MetricRule[]::new)));
        ChannelWorker.Feedback fb = new WorkerFeedback();
        for (AlertChannel c : b.channels) {
            // A channel configured with its own maxPerMinute is limited to that rate, the others to delivery.ratePerMinute.
            AlertDeliveryConfig delivery = config.channels().stream().filter(x -> x.name().equals(c.name())).findFirst()
                    .map(x -> x.maxPerMinute().isPresent() ? config.delivery().withRate(x.maxPerMinute().getAsInt()) : config.delivery())
                    .orElse(config.delivery());
            workers.put(c.name(), new ChannelWorker(c, delivery, clock, b.sleeper, b.random.split(), fb, metrics));
        }
    }

    public static Builder builder(AlertsConfig config) {
        return new Builder(config);
    }

    // ---- inputs from any thread -------------------------------------------------------------

    /** Hands an event to the event rules; taken at the next evaluation. Never blocks. */
    public Offer event(AlertEvent event) {
        return offer(new EventInput(event));
    }

    /**
     * Block or slot {@code fromBlockOrSlot} of {@code chain} and all after it were orphaned: every alert
     * raised from them is resolved at the next evaluation, with that reason, and notified as resolved.
     */
    public Offer orphaned(String chain, long fromBlockOrSlot) {
        return offer(new OrphanedInput(Objects.requireNonNull(chain, "chain"), fromBlockOrSlot));
    }

    private Offer offer(Input input) {
        if (closed) {
            return Offer.CLOSED;
        }
        if (!inputs.offer(input)) {
            metrics.inputDropped();
            return Offer.QUEUE_FULL;
        }
        return Offer.ACCEPTED;
    }

    /**
     * Sets a silence (for {@code POST /api/v1/alerts/silences}); applies from the next notification.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public Silence createSilence(Silence.Request request) {
        Silence s = silences.create(request);
        try {
            silenceStore.save(s); // kept before it is confirmed: a restart must not lose what the API said was set
        } catch (RuntimeException e) {
            silences.delete(s.id());
            throw e;
        }
        LOG.info("silence {} set by {} until {}: {}", s.id(), s.createdBy(), s.endsAt(), s.matchers());
        return s;
    }

    /** Removes a silence (for {@code DELETE /api/v1/alerts/silences/{id}}); false when there is none of that id. */
    public boolean deleteSilence(String id) {
        boolean removed = silences.delete(id);
        if (removed) {
            silenceStore.delete(id);
        }
        if (removed) {
            LOG.info("silence {} deleted", id);
        }
        return removed;
    }

    /** Every silence kept, active or expired, the latest ending first. */
    public List<Silence> silences() {
        return silences.all();
    }

    /** The alerts firing as of the last evaluation. */
    public List<Alert> active() {
        return active;
    }

    /** The history (for {@code GET /api/v1/alerts?state=&severity=&limit=}). */
    public AlertHistory history() {
        return history;
    }

    // ---- evaluation ------------------------------------------------------------------------

    /** Evaluates every {@code alerts.evaluationIntervalMs} on a platform thread of its own, until {@link #close()}. */
    public synchronized void start() {
        if (scheduler != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "started already");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("alert-evaluation").daemon().unstarted(r));
        scheduler.scheduleWithFixedDelay(this::evaluateLogged, config.evaluationIntervalMs(), config.evaluationIntervalMs(), TimeUnit.MILLISECONDS);
    }

    private void evaluateLogged() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            // An evaluation that throws is a bug; the next one still runs.
            if (failures++ % 1000 == 0) {
                LOG.error("alert evaluation failed ({} so far)", failures, e);
            }
        }
    }

    /**
     * One evaluation: takes the queued inputs, reads the series and evaluates the metric rules, ends
     * held alerts, and notifies the groups that are due. Called only from the evaluation thread.
     */
    public void evaluate() {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        round++;
        drainInputs(now);
        snapshot.clear();
        source.collect(snapshot);
        long nowMillis = now.toEpochMilli();
        for (int i = 0, n = snapshot.size(); i < n; i++) {
            SeriesKey key = snapshot.key(i);
            MetricRule[] rules = metricRulesByName.get(key.name());
            if (rules != null) {
                long at = snapshot.timeMillis(i) == 0 ? nowMillis : snapshot.timeMillis(i);
                for (MetricRule r : rules) {
                    r.observe(key, snapshot.value(i), at, round, now, book);
                }
            }
        }
        for (int i = 0; i < metricRules.size(); i++) {
            metricRules.get(i).finish(round, now, book);
        }
        book.expireHeld(now);
        publish();
        dispatcher.flush(now, active);
        metrics.evaluated(System.nanoTime() - t0);
    }

    private void publish() {
        if (changed) {
            changed = false;
            active = book.snapshot();
            book.countBySeverity(firingCounts);
            metrics.firing(firingCounts);
        }
    }

    private void drainInputs(Instant now) {
        Input in;
        while ((in = feedback.poll()) != null) {
            apply(in, now);
        }
        for (int n = inputs.size(); n > 0 && (in = inputs.poll()) != null; n--) {
            apply(in, now);
        }
    }

    private void apply(Input in, Instant now) {
        switch (in) {
            case EventInput e -> {
                List<EventRule> rules = eventRulesByKind.get(e.event().kind());
                if (rules != null) {
                    for (EventRule r : rules) {
                        r.on(e.event(), now, book);
                    }
                }
            }
            case OrphanedInput o -> {
                int resolved = book.orphaned(o.chain(), o.from(), now);
                if (resolved > 0) {
                    LOG.info("{} alerts resolved: raised from {} {} or later, now orphaned", resolved, o.chain(), o.from());
                }
            }
            case ChannelFailing f -> book.fire(Severity.ERROR, channelFailingLabels(f.channel()),
                    Map.of("summary", "Alert channel " + f.channel() + " keeps failing", "description", f.reason()), now, Optional.empty(), 0, now);
            case ChannelRecovered r -> book.resolve(Labels.fingerprint(channelFailingLabels(r.channel())), now, Optional.empty());
            case GaveUp g -> dispatcher.undelivered(g.groupKey(), g.channel());
        }
    }

    private static SortedMap<String, String> channelFailingLabels(String channel) {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put(Labels.ALERTNAME, Dispatcher.CHANNEL_FAILING);
        labels.put(Labels.SEVERITY, "error");
        labels.put("channel", channel);
        return labels;
    }

    /** Every change of an alert's state: recorded (the history has them all, so the log only at debug), and taken into its groups. */
    private void changed(Alert alert, Instant at) {
        changed = true;
        history.recordState(alert, at);
        dispatcher.update(alert, at);
        LOG.debug("alert {} {} {}{}", alert.name(), alert.status(), alert.labels(), alert.resolvedReason().map(r -> " (" + r + ")").orElse(""));
    }

    private void send(Notification n) {
        workers.get(n.channel()).offer(n);
    }

    /** The channels' reports, from their delivery threads. */
    private final class WorkerFeedback implements ChannelWorker.Feedback {
        @Override
        public void attempt(AlertHistory.NotificationAttempt attempt) {
            history.recordAttempt(attempt);
        }

        @Override
        public void failing(String channel, String reason) {
            LOG.warn("alert channel {} keeps failing: {}", channel, reason);
            report(new ChannelFailing(channel, reason));
        }

        @Override
        public void recovered(String channel) {
            LOG.info("alert channel {} delivers again", channel);
            report(new ChannelRecovered(channel));
        }

        @Override
        public void gaveUp(Notification notification) {
            report(new GaveUp(notification.groupKey(), notification.channel()));
        }

        private void report(Input in) {
            if (!feedback.offer(in)) {
                metrics.inputDropped();
            }
        }
    }

    /** Stops evaluating and delivering, then closes the channels. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (scheduler != null) {
                scheduler.shutdownNow();
                try {
                    scheduler.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        workers.values().forEach(ChannelWorker::close);
    }

    /** How an alert manager is made; every part but the configuration has a default. */
    public static final class Builder {
        private final AlertsConfig config;
        private List<AlertChannel> channels = List.of();
        private SeriesSource source = s -> {
        };
        private AlertHistory history = new InMemoryAlertHistory(10_000);
        private MeterRegistry registry = new SimpleMeterRegistry();
        private InstantSource clock = InstantSource.system();
        private SplittableRandom random = new SplittableRandom();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private int inputCapacity = 4_096;
        private int silenceCapacity = 1_000;
        private SilenceStore silenceStore = SilenceStore.NONE;

        private Builder(AlertsConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The channels, each by its unique name; routes name them. */
        public Builder channels(List<? extends AlertChannel> channels) {
            this.channels = List.copyOf(channels);
            return this;
        }

        /** Where metric rules read series (a {@link MicrometerSeriesSource}); none by default. */
        public Builder source(SeriesSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Where state changes and attempts are recorded; 10,000 of each in memory by default. */
        public Builder history(AlertHistory history) {
            this.history = Objects.requireNonNull(history, "history");
            return this;
        }

        /** Where silences are kept across restarts; none by default. */
        public Builder silences(SilenceStore store) {
            this.silenceStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where the manager's own meters go. */
        public Builder registry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Jitter of retries and silence ids. */
        public Builder random(SplittableRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Events and orphan reports waiting for the next evaluation; more are dropped and counted. */
        public Builder inputCapacity(int inputCapacity) {
            if (inputCapacity < 1) {
                throw new IllegalArgumentException("inputCapacity: got " + inputCapacity + ", allowed 1 or more");
            }
            this.inputCapacity = inputCapacity;
            return this;
        }

        /**
         * Starts the channels' delivery threads; evaluation starts with {@link AlertManager#start()}.
         *
         * @throws IllegalArgumentException when two channels share a name or a route names a channel there is not
         */
        public AlertManager build() {
            Map<String, AlertChannel> byName = new HashMap<>();
            for (AlertChannel c : channels) {
                if (byName.put(c.name(), c) != null) {
                    throw new IllegalArgumentException("alerts.channels: the name '" + c.name() + "' is used twice");
                }
            }
            return new AlertManager(this);
        }
    }
}
