package io.chainwatch.endpoints;

/**
 * How health becomes a score and a state. Hysteresis keeps an endpoint from flapping: it is benched
 * after {@code benchAfter} low evaluations in a row and restored only after {@code restoreAfter}
 * good ones.
 *
 * @param targetLatencyMs p95 at or below this scores full marks for latency
 * @param maxHeadLag      head lag (blocks or slots) at which the lag part reaches 0
 */
public record ScoringPolicy(double targetLatencyMs, long maxHeadLag, double benchBelow, double restoreAbove,
                            int benchAfter, int restoreAfter, int windowIntervals) {
    public static final ScoringPolicy DEFAULT = new ScoringPolicy(100, 20, 0.45, 0.7, 2, 3, 30);

    public ScoringPolicy {
        if (targetLatencyMs <= 0 || maxHeadLag < 1 || benchBelow >= restoreAbove || benchAfter < 1 || restoreAfter < 1
                || windowIntervals < 1) {
            throw new IllegalArgumentException("scoring policy out of range: " + this);
        }
    }

    /**
     * 1 at or under the target, 0.5 at five times it, towards 0 beyond: slowness ranks an endpoint
     * lower, but on its own it does not bench one that answers.
     */
    double latencyPart(double p95Ms) {
        if (Double.isNaN(p95Ms) || p95Ms <= targetLatencyMs) {
            return 1;
        }
        return 1 / (1 + (p95Ms - targetLatencyMs) / (4 * targetLatencyMs));
    }

    double lagPart(long lag) {
        return Math.max(0, 1 - (double) lag / maxHeadLag);
    }

    /**
     * Errors multiply (squared), so an endpoint that fails every request scores 0 however fast it
     * fails; the rest is a weighted mean of latency, head lag and throttling.
     */
    double score(double latencyPart, double errorPart, double lagPart, double throttlePart) {
        return errorPart * errorPart * (0.5 * latencyPart + 0.3 * lagPart + 0.2 * throttlePart);
    }
}
