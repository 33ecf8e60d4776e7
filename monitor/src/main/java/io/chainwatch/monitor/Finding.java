package io.chainwatch.monitor;

import io.chainwatch.alerts.Severity;

import java.time.Instant;
import java.util.Objects;

/**
 * Something in the figures a person should hear of, for the alert engine: a figure outside its
 * expected band, a trend that reaches a target soon, a missed target, or a stalled stage. Immutable.
 *
 * @param metric       the series it is about, as the history names it ({@code latency.p99_ms}, {@code stage.demo.store.p99_ms})
 * @param value        the figure now
 * @param expectedLow  the low end of what was expected (the band, or the target), NaN when there is none
 * @param expectedHigh the high end, NaN when there is none
 * @param message      one line for a person, with the figures in it
 */
public record Finding(String metric, Kind kind, double value, double expectedLow, double expectedHigh, Severity severity, Instant at,
                      String message) {
    public enum Kind {
        /** Far outside the series' recent band (robust z-score over its last samples). */
        ANOMALY,
        /** The smoothed figure moves towards its target fast enough to reach it within the trend horizon. */
        TREND,
        /** A graded figure fails its target. */
        TARGET_MISSED,
        /** A stage has had work queued and made no progress for the configured stall time. */
        STALL
    }

    public Finding {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }

    /** What the alert engine groups and deduplicates by: the same metric and kind is the same alert. */
    public String fingerprint() {
        return "performance:" + kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + metric;
    }
}
