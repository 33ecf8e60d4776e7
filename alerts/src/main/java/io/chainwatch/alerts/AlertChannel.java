package io.chainwatch.alerts;

/**
 * A place alerts are delivered to (console, file, webhook, Slack, Discord, Telegram, e-mail, SMS).
 * Implementations send one notification per call, blocking, and are called from virtual threads;
 * retries, rate limits and backoff belong to the caller, not to the channel.
 */
public interface AlertChannel extends AutoCloseable {
    /** The configured name, unique among channels; used in routes, metrics and history. */
    String name();

    /** Makes one attempt; returns a {@link Delivery.Failed} for every expected failure rather than throwing. */
    Delivery deliver(Notification notification);

    @Override
    default void close() {
    }
}
