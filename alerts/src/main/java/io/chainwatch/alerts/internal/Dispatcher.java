package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.Notification;
import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.AlertGroupConfig;
import io.chainwatch.core.config.AlertRouteConfig;
import io.chainwatch.core.config.LabelMatcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Alertmanager's dispatch: each alert is routed, put in the group of its route and grouping labels,
 * and groups are notified per channel. A new group waits {@code group.wait} for more alerts, then is
 * looked at every {@code group.interval}; a channel is notified when a firing alert is new to it, an
 * alert it was told of resolved (if the route sends resolved), or {@code group.repeat} passed. Silenced
 * and inhibited alerts are left out; a resolved alert is sent only to channels that were told it fired.
 * The alert that a channel is failing goes to every channel but that one.
 *
 * <p>Owned by the evaluation thread; not thread-safe.
 */
public final class Dispatcher {
    /** The alert raised when a channel keeps failing; its {@code channel} label names the channel. */
    public static final String CHANNEL_FAILING = "AlertChannelFailing";

    /** Where notifications go: the channel's delivery queue. */
    @FunctionalInterface
    public interface Outbox {
        void send(Notification notification);
    }

    private record Route(int index, List<LabelMatcher> matchers, Severity minSeverity, List<String> channels, boolean sendResolved,
                         boolean continueAfter) {
        boolean matches(Alert a) {
            return a.severity().atLeast(minSeverity) && LabelMatcher.all(matchers, a.labels());
        }
    }

    /** What a channel was last told about a group. */
    private record Sent(Set<String> firing, long atMillis) {
    }

    private static final class Group {
        final Route route;
        final String key;
        final SortedMap<String, String> labels;
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        final Map<String, Sent> sent = new HashMap<>();
        long nextFlushMillis;

        Group(Route route, String key, SortedMap<String, String> labels, long nextFlushMillis) {
            this.route = route;
            this.key = key;
            this.labels = labels;
            this.nextFlushMillis = nextFlushMillis;
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final Route everyChannel;
    private final Route defaultRoute;
    private final AlertGroupConfig group;
    private final Inhibitor inhibitor;
    private final SilenceBook silences;
    private final Outbox outbox;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /** @throws IllegalArgumentException when a route names a channel that does not exist */
    public Dispatcher(List<AlertRouteConfig> routeConfigs, List<String> channels, AlertGroupConfig group, Inhibitor inhibitor,
                      SilenceBook silences, Outbox outbox) {
        Route dflt = null;
        for (int i = 0; i < routeConfigs.size(); i++) {
            AlertRouteConfig r = routeConfigs.get(i);
            for (String c : r.channels()) {
                if (!channels.contains(c)) {
                    throw new IllegalArgumentException("alerts.routes[" + i + "].channels: '" + c + "' is not a configured channel " + channels);
                }
            }
            Route route = new Route(i, r.matchers(), Severity.valueOf(r.minSeverity().toUpperCase(Locale.ROOT)), r.channels(), r.sendResolved(),
                    r.continueAfter());
            if (r.isDefault()) {
                dflt = route;
            } else {
                routes.add(route);
            }
        }
        this.everyChannel = new Route(-1, List.of(), Severity.INFO, List.copyOf(channels), true, false);
        this.defaultRoute = dflt == null ? everyChannel : dflt;
        this.group = group;
        this.inhibitor = inhibitor;
        this.silences = silences;
        this.outbox = outbox;
    }

    /** Takes a changed alert (fired or resolved) into the groups of its routes. */
    public void update(Alert alert, Instant now) {
        for (Route r : routesOf(alert)) {
            SortedMap<String, String> labels = new TreeMap<>();
            for (String name : group.by()) {
                String v = alert.labels().get(name);
                if (v != null) {
                    labels.put(name, v);
                }
            }
            String key = "route" + r.index() + labels;
            Group g = groups.get(key);
            if (g == null) {
                if (alert.status() == AlertStatus.RESOLVED) {
                    continue; // its group was notified and closed already, or never told of it
                }
                g = new Group(r, key, labels, now.toEpochMilli() + group.waitMs());
                groups.put(key, g);
            }
            g.alerts.put(alert.fingerprint(), alert);
        }
    }

    private List<Route> routesOf(Alert alert) {
        if (CHANNEL_FAILING.equals(alert.name())) {
            return List.of(everyChannel);
        }
        List<Route> out = new ArrayList<>(1);
        for (Route r : routes) {
            if (r.matches(alert)) {
                out.add(r);
                if (!r.continueAfter()) {
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            out.add(defaultRoute);
        }
        return out;
    }

    /** Notifies the groups that are due; {@code firing} is every firing alert, for inhibition. */
    public void flush(Instant now, Collection<Alert> firing) {
        long nowMillis = now.toEpochMilli();
        for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
            Group g = it.next();
            if (g.nextFlushMillis > nowMillis) {
                continue;
            }
            for (String channel : g.route.channels()) {
                notifyChannel(g, channel, now, firing);
            }
            g.alerts.values().removeIf(a -> a.status() == AlertStatus.RESOLVED);
            g.nextFlushMillis = nowMillis + group.intervalMs();
            if (g.alerts.isEmpty()) {
                it.remove();
            }
        }
    }

    private void notifyChannel(Group g, String channel, Instant now, Collection<Alert> allFiring) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        Sent prev = g.sent.get(channel);
        for (Alert a : g.alerts.values()) {
            if (isAbout(a, channel)) {
                continue;
            }
            if (a.status() == AlertStatus.FIRING) {
                if (!silences.mutes(a.labels(), now) && !inhibitor.inhibited(a, allFiring)) {
                    firing.add(a);
                }
            } else if (g.route.sendResolved() && prev != null && prev.firing().contains(a.fingerprint())) {
                resolved.add(a);
            }
        }
        Set<String> firingNow = new HashSet<>();
        for (Alert a : firing) {
            firingNow.add(a.fingerprint());
        }
        if (!needsUpdate(prev, firingNow, resolved, now.toEpochMilli())) {
            return;
        }
        if (firing.isEmpty() && resolved.isEmpty()) {
            g.sent.remove(channel); // all it was told of went quiet; nothing to say
            return;
        }
        List<Alert> alerts = new ArrayList<>(firing);
        alerts.addAll(resolved);
        outbox.send(new Notification(channel, g.key, g.labels, firing.isEmpty() ? AlertStatus.RESOLVED : AlertStatus.FIRING, alerts, now));
        g.sent.put(channel, new Sent(Set.copyOf(firingNow), now.toEpochMilli()));
    }

    private boolean needsUpdate(Sent prev, Set<String> firing, List<Alert> resolved, long nowMillis) {
        if (prev == null) {
            return !firing.isEmpty();
        }
        return !prev.firing().containsAll(firing) || !resolved.isEmpty() || firing.isEmpty() && !prev.firing().isEmpty()
                || !firing.isEmpty() && nowMillis - prev.atMillis() >= group.repeatMs();
    }

    /** The alert that {@code channel} is failing is not sent to it. */
    private static boolean isAbout(Alert a, String channel) {
        return CHANNEL_FAILING.equals(a.name()) && channel.equals(a.labels().get("channel"));
    }

    /** A notification was given up: the channel is told the group again at its next interval. */
    public void undelivered(String groupKey, String channel) {
        Group g = groups.get(groupKey);
        if (g != null) {
            g.sent.remove(channel);
        }
    }

    /** Groups open now; for metrics and tests. */
    public int groupCount() {
        return groups.size();
    }
}
