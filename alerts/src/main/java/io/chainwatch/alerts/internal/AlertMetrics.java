package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.AlertHistory;
import io.chainwatch.alerts.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The alert manager's meters: alerts firing by severity, notifications by channel and outcome,
 * notifications held by a rate limit, retries, queue depths, inputs dropped, evaluation time.
 * Thread-safe (Micrometer's meters are).
 */
public final class AlertMetrics {
    private final MeterRegistry registry;
    private final AtomicIntegerArray firing = new AtomicIntegerArray(Severity.values().length);
    private final Counter inputsDropped;
    private final Timer evaluation;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Severity s : Severity.values()) {
            int i = s.ordinal();
            Gauge.builder("chainwatch_alerts_firing", firing, a -> a.get(i)).tag("severity", s.name().toLowerCase(Locale.ROOT))
                    .description("alerts firing now").register(registry);
        }
        inputsDropped = Counter.builder("chainwatch_alert_inputs_dropped").description("events and commands dropped: input queue full")
                .register(registry);
        evaluation = Timer.builder("chainwatch_alert_evaluation").description("time of one rule evaluation").register(registry);
    }

    /** Sets the firing gauges from counts indexed by severity ordinal. */
    public void firing(int[] bySeverity) {
        for (int i = 0; i < bySeverity.length; i++) {
            firing.set(i, bySeverity[i]);
        }
    }

    public void inputDropped() {
        inputsDropped.increment();
    }

    public void evaluated(long nanos) {
        evaluation.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The meters of one channel. */
    public Channel channel(String name, java.util.function.IntSupplier queueDepth) {
        Gauge.builder("chainwatch_alert_queue_depth", queueDepth, q -> q.getAsInt()).tag("channel", name)
                .description("notifications waiting for the channel").register(registry);
        return new Channel(
                Counter.builder("chainwatch_alert_notifications_queued").tag("channel", name)
                        .description("notifications handed to the channel's queue").register(registry),
                notifications(name, AlertHistory.Outcome.DELIVERED), notifications(name, AlertHistory.Outcome.FAILED),
                notifications(name, AlertHistory.Outcome.DROPPED),
                Counter.builder("chainwatch_alert_rate_limited").tag("channel", name)
                        .description("notifications held back by the channel's rate limit").register(registry),
                Counter.builder("chainwatch_alert_delivery_retries").tag("channel", name)
                        .description("delivery attempts after the first").register(registry));
    }

    private Counter notifications(String channel, AlertHistory.Outcome outcome) {
        return Counter.builder("chainwatch_alert_notifications").tag("channel", channel).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .description("notification attempts by outcome").register(registry);
    }

    /** One channel's counters. */
    public record Channel(Counter queued, Counter delivered, Counter failed, Counter dropped, Counter rateLimited, Counter retries) {
        public void outcome(AlertHistory.Outcome o) {
            switch (o) {
                case DELIVERED -> delivered.increment();
                case FAILED -> failed.increment();
                case DROPPED -> dropped.increment();
            }
        }
    }
}
