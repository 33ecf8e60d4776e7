package io.chainwatch.core.config;

import java.util.List;
import java.util.Set;

/**
 * One route of {@code alerts.routes}: which alerts go to which channels. Routes are tried in order;
 * the first that matches takes the alert unless it says {@code continue}. An alert no route takes goes
 * to the route marked {@code default}, or to every channel when none is.
 *
 * @param matchers      conditions on the alert's labels ({@code alertname} and {@code severity} are labels too)
 * @param minSeverity   the lowest severity the route takes ({@code info} takes all)
 * @param channels      the names of the channels it delivers to, as configured under {@code alerts.channels}
 * @param sendResolved  whether a resolved alert is notified too
 * @param continueAfter whether routes after this one are tried as well when it matches
 * @param isDefault     the route for alerts no other route takes; at most one, without matchers
 */
public record AlertRouteConfig(List<LabelMatcher> matchers, String minSeverity, List<String> channels, boolean sendResolved,
                               boolean continueAfter, boolean isDefault) {
    public AlertRouteConfig {
        matchers = List.copyOf(matchers);
        channels = List.copyOf(channels);
        if (!AlertRuleConfig.SEVERITIES.contains(minSeverity)) {
            throw new IllegalArgumentException("minSeverity: got '" + minSeverity + "', allowed " + String.join(", ", AlertRuleConfig.SEVERITIES));
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels: need at least one, got none");
        }
        if (Set.copyOf(channels).size() != channels.size()) {
            throw new IllegalArgumentException("channels: " + channels + " names one channel twice");
        }
    }
}
