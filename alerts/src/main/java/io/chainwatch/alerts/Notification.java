package io.chainwatch.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one channel is asked to deliver at once: the alerts of one group, like one Alertmanager
 * webhook call.
 *
 * @param channel     the name of the channel it goes to
 * @param groupKey    the group's identity (its grouping labels, printed)
 * @param groupLabels the labels every alert of the group shares by the grouping
 * @param status      {@link AlertStatus#FIRING} when at least one alert fires, else resolved
 * @param alerts      the group's alerts, firing first
 * @param sentAt      when the notification was made
 */
public record Notification(String channel, String groupKey, SortedMap<String, String> groupLabels, AlertStatus status,
                           List<Alert> alerts, Instant sentAt) {
    public Notification {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sentAt, "sentAt");
        groupLabels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
        alerts = List.copyOf(alerts);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a notification needs at least one alert");
        }
    }

    /** The highest severity among the alerts. */
    public Severity severity() {
        return alerts.stream().map(Alert::severity).max(Enum::compareTo).orElseThrow();
    }
}
