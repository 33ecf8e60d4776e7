package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.SeriesKey;
import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.AlertRuleConfig;
import io.chainwatch.core.config.LabelMatcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric rule (threshold, rate of change, absence) over the series of its name: one alert per
 * matching series. A series' state is found by its key in a map, so an evaluation that sees the
 * same series as the last one allocates nothing.
 *
 * <p>Owned by the evaluation thread; not thread-safe.
 */
public final class MetricRule {
    /** Rounds after which the state of a series no longer reported is forgotten. */
    private static final long FORGET_AFTER_ROUNDS = 64;

    /** What the rule knows of one series. */
    private static final class Track {
        final SeriesKey key;
        final boolean matches;
        long seenRound = -1;
        long lastSampleMillis = Long.MIN_VALUE;
        long pendingSinceMillis = -1;
        String fingerprint;
        // A rate rule's samples, oldest at head: a ring of fixed size made when the series is first seen.
        long[] times;
        double[] values;
        int head;
        int count;

        Track(SeriesKey key, boolean matches) {
            this.key = key;
            this.matches = matches;
        }
    }

    private final AlertRuleConfig rule;
    private final Severity severity;
    private final AlertRuleConfig.Condition condition;
    private final int ringSize;
    private final Map<SeriesKey, Track> tracks = new HashMap<>();
    private final List<Track> matching = new ArrayList<>();
    private final long startedMillis;
    private String ruleAbsentFingerprint;

    public MetricRule(AlertRuleConfig rule, long evaluationIntervalMs, Instant start) {
        if (rule.kind() == AlertRuleConfig.Kind.EVENT) {
            throw new IllegalArgumentException("rule " + rule.name() + " is an event rule");
        }
        this.rule = rule;
        this.severity = Severity.valueOf(rule.severity().toUpperCase(Locale.ROOT));
        this.condition = rule.condition().orElse(null);
        this.ringSize = (int) Math.min(1024, Math.max(4, rule.windowMs() / evaluationIntervalMs + 2));
        this.startedMillis = start.toEpochMilli();
    }

    public String metric() {
        return rule.metric();
    }

    /** One sample of a series named {@link #metric()}. */
    public void observe(SeriesKey key, double value, long sampleMillis, long round, Instant now, AlertBook book) {
        Track t = tracks.get(key);
        if (t == null) {
            t = new Track(key, LabelMatcher.all(rule.matchers(), key.labels()));
            tracks.put(key, t);
            if (t.matches) {
                matching.add(t);
                if (rule.kind() == AlertRuleConfig.Kind.RATE) {
                    t.times = new long[ringSize];
                    t.values = new double[ringSize];
                }
            }
        }
        t.seenRound = round;
        if (!t.matches) {
            return;
        }
        switch (rule.kind()) {
            case THRESHOLD -> hold(t, condition.test(value), value, now, book);
            case RATE -> rate(t, value, sampleMillis, now, book);
            case ABSENT -> t.lastSampleMillis = Math.max(t.lastSampleMillis, sampleMillis);
            case EVENT -> throw new IllegalStateException("event rule evaluated as a metric rule");
        }
    }

    /** After every sample of the round: series not seen, absence, and forgetting old series. */
    public void finish(long round, Instant now, AlertBook book) {
        long nowMillis = now.toEpochMilli();
        if (rule.kind() == AlertRuleConfig.Kind.ABSENT) {
            for (int i = 0; i < matching.size(); i++) {
                Track t = matching.get(i);
                boolean stale = t.lastSampleMillis == Long.MIN_VALUE || nowMillis - t.lastSampleMillis >= rule.forMs();
                if (stale && t.fingerprint == null) {
                    t.fingerprint = fire(t.key.labels(), Math.max(t.lastSampleMillis, startedMillis), 0, book, now);
                } else if (!stale && t.fingerprint != null) {
                    book.resolve(t.fingerprint, now, Optional.empty());
                    t.fingerprint = null;
                }
            }
            ruleLevelAbsence(now, book);
        } else {
            for (int i = 0; i < matching.size(); i++) {
                Track t = matching.get(i);
                if (t.seenRound != round) {
                    hold(t, false, 0, now, book); // a series that went away no longer holds its condition
                }
            }
        }
        if (round % FORGET_AFTER_ROUNDS == 0) {
            forget(round);
        }
    }

    /** An absence rule fires once for its matchers while no matching series was ever seen. */
    private void ruleLevelAbsence(Instant now, AlertBook book) {
        boolean none = matching.isEmpty();
        if (none && ruleAbsentFingerprint == null && now.toEpochMilli() - startedMillis >= rule.forMs()) {
            SortedMap<String, String> labels = new TreeMap<>();
            for (LabelMatcher m : rule.matchers()) {
                if (m.op() == LabelMatcher.Op.EQUAL) {
                    labels.put(m.label(), m.value());
                }
            }
            ruleAbsentFingerprint = fire(labels, startedMillis, 0, book, now);
        } else if (!none && ruleAbsentFingerprint != null) {
            book.resolve(ruleAbsentFingerprint, now, Optional.empty());
            ruleAbsentFingerprint = null;
        }
    }

    private void rate(Track t, double value, long sampleMillis, Instant now, AlertBook book) {
        int newest = (t.head + t.count - 1) % ringSize;
        if (t.count == 0 || sampleMillis > t.times[newest]) {
            int slot = (t.head + t.count) % ringSize;
            if (t.count == ringSize) {
                t.head = (t.head + 1) % ringSize;
            } else {
                t.count++;
            }
            t.times[slot] = sampleMillis;
            t.values[slot] = value;
            newest = slot;
        }
        long windowStart = t.times[newest] - rule.windowMs();
        while (t.count > 2 && t.times[t.head] < windowStart) {
            t.head = (t.head + 1) % ringSize;
            t.count--;
        }
        if (t.count < 2) {
            return; // no change measured yet: the state stays as it was
        }
        double seconds = (t.times[newest] - t.times[t.head]) / 1000.0;
        double perSecond = (t.values[newest] - t.values[t.head]) / seconds;
        hold(t, condition.test(perSecond), perSecond, now, book);
    }

    private void hold(Track t, boolean holds, double value, Instant now, AlertBook book) {
        long nowMillis = now.toEpochMilli();
        if (!holds) {
            t.pendingSinceMillis = -1;
            if (t.fingerprint != null) {
                book.resolve(t.fingerprint, now, Optional.empty());
                t.fingerprint = null;
            }
            return;
        }
        if (t.pendingSinceMillis < 0) {
            t.pendingSinceMillis = nowMillis;
        }
        if (t.fingerprint == null && nowMillis - t.pendingSinceMillis >= rule.forMs()) {
            t.fingerprint = fire(t.key.labels(), t.pendingSinceMillis, value, book, now);
        }
    }

    private String fire(Map<String, String> sourceLabels, long startsAtMillis, double value, AlertBook book, Instant now) {
        SortedMap<String, String> labels = Labels.of(rule.name(), severity, rule.labels(), sourceLabels);
        return book.fire(severity, labels, Labels.annotations(rule.annotations(), labels, value), Instant.ofEpochMilli(startsAtMillis),
                Optional.empty(), 0, now);
    }

    private void forget(long round) {
        for (Iterator<Track> it = tracks.values().iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (round - t.seenRound > FORGET_AFTER_ROUNDS && t.fingerprint == null && (!t.matches || rule.kind() != AlertRuleConfig.Kind.ABSENT)) {
                it.remove();
                if (t.matches) {
                    matching.remove(t);
                }
            }
        }
    }
}
