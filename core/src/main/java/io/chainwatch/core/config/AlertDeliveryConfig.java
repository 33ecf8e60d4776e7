package io.chainwatch.core.config;

/**
 * {@code alerts.delivery}: how notifications reach each channel.
 *
 * @param queueCapacity     notifications waiting per channel; one more is dropped and counted
 * @param ratePerMinute     notifications per minute a channel is sent at most, on average
 * @param burst             notifications a channel may be sent at once after a quiet time
 * @param maxAttempts       attempts per notification, the first included
 * @param backoffInitialMs  the wait before the second attempt (before jitter); doubles each time
 * @param backoffMaxMs      the longest wait between attempts, unless the provider asks for longer
 * @param failingAfter      failed attempts in a row after which the channel is reported failing through the others
 */
public record AlertDeliveryConfig(int queueCapacity, double ratePerMinute, int burst, int maxAttempts, long backoffInitialMs,
                                  long backoffMaxMs, int failingAfter) {
    public static final AlertDeliveryConfig DEFAULT = new AlertDeliveryConfig(256, 30, 10, 5, 1_000, 60_000, 3);

    public AlertDeliveryConfig {
        if (queueCapacity < 1 || !(ratePerMinute > 0) || burst < 1 || maxAttempts < 1 || backoffInitialMs < 1
                || backoffMaxMs < backoffInitialMs || failingAfter < 1) {
            throw new IllegalArgumentException("delivery: every value must be positive and backoffMaxMs at least backoffInitialMs");
        }
    }

    /** These settings with a channel's own rate ({@code maxPerMinute}), the burst no larger than a minute of it. */
    public AlertDeliveryConfig withRate(int perMinute) {
        return new AlertDeliveryConfig(queueCapacity, perMinute, Math.min(burst, perMinute), maxAttempts, backoffInitialMs, backoffMaxMs,
                failingAfter);
    }
}
