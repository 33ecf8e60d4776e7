package io.chainwatch.alerts;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The identity of one time series: its name and labels. Immutable, its hash computed once: a source
 * that keeps one key per series lets evaluation find the series' state without allocating.
 */
public final class SeriesKey {
    private final String name;
    private final SortedMap<String, String> labels;
    private final int hash;

    public SeriesKey(String name, java.util.Map<String, String> labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        this.hash = name.hashCode() * 31 + this.labels.hashCode();
    }

    public String name() {
        return name;
    }

    public SortedMap<String, String> labels() {
        return labels;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof SeriesKey k && k.hash == hash && k.name.equals(name) && k.labels.equals(labels);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return name + labels;
    }
}
