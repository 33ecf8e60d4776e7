package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertEvent;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The alerts that fire now, by fingerprint. Every change of state (fired, resolved) goes to the
 * listener, which records it and hands it to the dispatcher.
 *
 * <p>Owned by the evaluation thread; not thread-safe.
 */
public final class AlertBook {
    /** Told of every change of state. */
    @FunctionalInterface
    public interface Listener {
        void changed(Alert alert, Instant at);
    }

    private static final class Entry {
        Alert alert;
        long touchedMillis;
        long holdMs;
        Optional<AlertEvent.Origin> origin;
    }

    private final Map<String, Entry> firing = new HashMap<>();
    private final Listener listener;

    public AlertBook(Listener listener) {
        this.listener = listener;
    }

    /**
     * Fires the alert of {@code labels} unless it fires already, in which case it is touched (its hold
     * starts again, its origin becomes the latest).
     *
     * @param holdMs how long it stays firing untouched; 0 until resolved
     * @return its fingerprint
     */
    public String fire(Severity severity, SortedMap<String, String> labels, Map<String, String> annotations, Instant startsAt,
                       Optional<AlertEvent.Origin> origin, long holdMs, Instant now) {
        String fingerprint = Labels.fingerprint(labels);
        Entry e = firing.get(fingerprint);
        if (e == null) {
            e = new Entry();
            e.alert = new Alert(fingerprint, labels.get(Labels.ALERTNAME), severity, labels, annotations, AlertStatus.FIRING, startsAt,
                    Optional.empty(), Optional.empty());
            firing.put(fingerprint, e);
            listener.changed(e.alert, now);
        }
        e.touchedMillis = now.toEpochMilli();
        e.holdMs = holdMs;
        e.origin = origin;
        return fingerprint;
    }

    /** Resolves the alert of {@code fingerprint} if it fires; {@code reason} when not simply by its condition clearing. */
    public boolean resolve(String fingerprint, Instant at, Optional<String> reason) {
        Entry e = firing.remove(fingerprint);
        if (e == null) {
            return false;
        }
        resolved(e, at, reason);
        return true;
    }

    public boolean isFiring(String fingerprint) {
        return firing.containsKey(fingerprint);
    }

    /** Resolves the alerts held for a time that were not touched within it. */
    public void expireHeld(Instant now) {
        long nowMillis = now.toEpochMilli();
        for (Iterator<Entry> it = firing.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.holdMs > 0 && nowMillis - e.touchedMillis >= e.holdMs) {
                it.remove();
                resolved(e, now, Optional.empty());
            }
        }
    }

    /** Resolves every alert raised from block or slot {@code from} of {@code chain} or later, with that reason. */
    public int orphaned(String chain, long from, Instant now) {
        List<Entry> gone = new ArrayList<>();
        for (Iterator<Entry> it = firing.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.origin.isPresent() && e.origin.get().chain().equals(chain) && e.origin.get().number() >= from) {
                it.remove();
                gone.add(e);
            }
        }
        for (Entry e : gone) {
            resolved(e, now, Optional.of("orphaned: " + chain + " " + e.origin.get().number() + " rolled back (from " + from + ")"));
        }
        return gone.size();
    }

    private void resolved(Entry e, Instant at, Optional<String> reason) {
        Alert a = e.alert;
        listener.changed(new Alert(a.fingerprint(), a.name(), a.severity(), a.labels(), a.annotations(), AlertStatus.RESOLVED, a.startsAt(),
                Optional.of(at), reason), at);
    }

    /** How many alerts fire of each severity, indexed by ordinal. */
    public void countBySeverity(int[] into) {
        java.util.Arrays.fill(into, 0);
        for (Entry e : firing.values()) {
            into[e.alert.severity().ordinal()]++;
        }
    }

    /** The firing alerts, immutable. */
    public List<Alert> snapshot() {
        List<Alert> out = new ArrayList<>(firing.size());
        for (Entry e : firing.values()) {
            out.add(e.alert);
        }
        return List.copyOf(out);
    }
}
