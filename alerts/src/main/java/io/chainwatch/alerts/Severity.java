package io.chainwatch.alerts;

/** How urgently an alert needs a person, lowest first; routing and inhibition compare these in order. */
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL;

    /** True when this severity is at least {@code other}. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
