package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.AlertHistory;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.alerts.Sleeper;
import io.chainwatch.core.config.AlertDeliveryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one channel's notifications on its own virtual thread, so that evaluation never waits
 * for a channel: a bounded queue in front (a notification finding it full is dropped, counted and
 * recorded), the channel's rate limit, and retries with exponential backoff and jitter that wait at
 * least what the provider asked for. After {@code failingAfter} failed attempts in a row the channel
 * is reported failing, and recovered at its next delivery.
 *
 * <p>The queue is shared with the evaluation thread; everything else is owned by the delivery thread.
 */
public final class ChannelWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    /** What the worker tells the manager. Called from the delivery thread. */
    public interface Feedback {
        void attempt(AlertHistory.NotificationAttempt attempt);

        void failing(String channel, String reason);

        void recovered(String channel);

        void gaveUp(Notification notification);
    }

    private final AlertChannel channel;
    private final AlertDeliveryConfig config;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final SplittableRandom random;
    private final Feedback feedback;
    private final AlertMetrics.Channel meters;
    private final BlockingQueue<Notification> queue;
    private final TokenBucket bucket;
    private final Thread thread;
    private int failuresInRow;
    private boolean reportedFailing;
    private volatile boolean closed;

    public ChannelWorker(AlertChannel channel, AlertDeliveryConfig config, InstantSource clock, Sleeper sleeper, SplittableRandom random,
                         Feedback feedback, AlertMetrics metrics) {
        this.channel = channel;
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.feedback = feedback;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.meters = metrics.channel(channel.name(), queue::size);
        this.bucket = new TokenBucket(config.ratePerMinute() / 60.0, config.burst(), clock.instant());
        this.thread = Thread.ofVirtual().name("alert-channel-" + channel.name()).start(this::run);
    }

    public String name() {
        return channel.name();
    }

    /** Queues {@code n}, or records it dropped when the queue is full. Never blocks. */
    public void offer(Notification n) {
        if (!closed && queue.offer(n)) {
            meters.queued().increment();
        } else {
            meters.outcome(AlertHistory.Outcome.DROPPED);
            feedback.attempt(attempt(n, 0, AlertHistory.Outcome.DROPPED, closed ? "closed" : "queue full (" + config.queueCapacity() + ")"));
        }
    }

    private void run() {
        try {
            while (!closed) {
                Notification n = queue.poll(100, TimeUnit.MILLISECONDS);
                if (n != null) {
                    waitForToken();
                    deliver(n);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitForToken() throws InterruptedException {
        Duration wait = bucket.take(clock.instant());
        if (!wait.isZero()) {
            meters.rateLimited().increment();
            while (!wait.isZero()) {
                sleeper.sleep(wait);
                wait = bucket.take(clock.instant());
            }
        }
    }

    private void deliver(Notification n) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Delivery d = attemptOnce(n);
            // Reports go to the manager before the attempt is recorded, so whoever reads the record finds the report queued.
            if (d instanceof Delivery.Delivered ok) {
                failuresInRow = 0;
                if (reportedFailing) {
                    reportedFailing = false;
                    feedback.recovered(channel.name());
                }
                record(n, attempt, AlertHistory.Outcome.DELIVERED, ok.detail());
                return;
            }
            Delivery.Failed failed = (Delivery.Failed) d;
            failuresInRow++;
            if (failuresInRow >= config.failingAfter() && !reportedFailing) {
                reportedFailing = true;
                feedback.failing(channel.name(), failed.reason());
            }
            boolean giveUp = !failed.retryable() || attempt >= config.maxAttempts();
            if (giveUp) {
                feedback.gaveUp(n);
            }
            record(n, attempt, AlertHistory.Outcome.FAILED, failed.reason());
            if (giveUp) {
                return;
            }
            meters.retries().increment();
            sleeper.sleep(backoff(attempt, failed));
        }
    }

    private Delivery attemptOnce(Notification n) {
        try {
            return channel.deliver(n);
        } catch (RuntimeException e) {
            // A channel should return failures; one that throws is counted as a retryable failure, never kills the thread.
            LOG.warn("alert channel {} threw instead of returning a failure: {}", channel.name(), e.getClass().getName());
            return new Delivery.Failed("channel threw " + e.getClass().getSimpleName(), true, java.util.Optional.empty());
        }
    }

    /**
     * Before attempt {@code attempt + 1}: {@code backoffInitial * 2^(attempt-1)} capped at {@code backoffMax},
     * half of it fixed and half random ("equal jitter"), and never shorter than the provider's Retry-After.
     */
    Duration backoff(int attempt, Delivery.Failed failed) {
        long base = config.backoffInitialMs() << Math.min(30, attempt - 1);
        base = Math.min(base, config.backoffMaxMs());
        long half = base / 2;
        Duration jittered = Duration.ofMillis(base - half + random.nextLong(half + 1));
        Duration asked = failed.retryAfter().map(a -> a.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : a).orElse(Duration.ZERO);
        return asked.compareTo(jittered) > 0 ? asked : jittered;
    }

    private void record(Notification n, int attempt, AlertHistory.Outcome outcome, String reason) {
        meters.outcome(outcome);
        feedback.attempt(attempt(n, attempt, outcome, reason));
    }

    private AlertHistory.NotificationAttempt attempt(Notification n, int attempt, AlertHistory.Outcome outcome, String reason) {
        List<String> fingerprints = n.alerts().stream().map(Alert::fingerprint).toList();
        return new AlertHistory.NotificationAttempt(clock.instant(), channel.name(), n.groupKey(), fingerprints, n.status(), attempt, outcome,
                reason);
    }

    /** Stops the thread (waits at most 5 s) and closes the channel; what is still queued is not delivered. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
