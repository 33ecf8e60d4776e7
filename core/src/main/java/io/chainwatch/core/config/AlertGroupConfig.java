package io.chainwatch.core.config;

import java.util.List;

/**
 * {@code alerts.group}: how alerts are batched into notifications, as Alertmanager does.
 *
 * @param by         the labels whose values make a group ({@code alertname} by default)
 * @param waitMs     how long a new group waits for more alerts before its first notification
 * @param intervalMs how long a group waits before notifying alerts added to it since
 * @param repeatMs   how long before a notification that changed nothing is sent again
 */
public record AlertGroupConfig(List<String> by, long waitMs, long intervalMs, long repeatMs) {
    public static final AlertGroupConfig DEFAULT = new AlertGroupConfig(List.of("alertname"), 30_000, 300_000, 14_400_000);

    public AlertGroupConfig {
        by = List.copyOf(by);
        if (waitMs < 0 || intervalMs <= 0 || repeatMs <= 0) {
            throw new IllegalArgumentException("group: wait must be at least 0, interval and repeat above 0; got wait " + waitMs
                    + " ms, interval " + intervalMs + " ms, repeat " + repeatMs + " ms");
        }
    }
}
