package io.chainwatch.monitor;

/**
 * One figure graded against its target.
 *
 * @param target  what is graded: {@code throughput}, {@code p99_latency}, {@code error_rate}, {@code slot_coverage},
 *                {@code memory}, {@code cpu}
 * @param value   the figure, NaN when there was none to grade
 * @param limit   the target
 * @param above   true when the figure must be at or above the target (throughput, coverage), false when at or below
 * @param unit    the unit of value and limit
 */
public record Grade(String target, double value, double limit, boolean above, String unit, Verdict verdict) {
    public enum Verdict {
        /** On the right side of the target, with room to spare. */
        PASS,
        /** On the right side of the target, but within the warn margin of it. */
        WARN,
        /** On the wrong side of the target. */
        FAIL,
        /** Nothing measured this interval (no such pipeline, or no work). */
        NO_DATA
    }

    /**
     * Grades {@code value}: at or above (or below) the limit passes, unless within {@code warnMargin} of it;
     * for a target on a share near 1 (coverage), the margin is taken of what is allowed missing.
     */
    static Grade of(String target, double value, double limit, boolean above, String unit, double warnMargin) {
        if (Double.isNaN(value)) {
            return new Grade(target, value, limit, above, unit, Verdict.NO_DATA);
        }
        Verdict v;
        if (above) {
            v = value < limit ? Verdict.FAIL : value < limit * (1 + warnMargin) ? Verdict.WARN : Verdict.PASS;
        } else {
            v = value > limit ? Verdict.FAIL : value > limit * (1 - warnMargin) ? Verdict.WARN : Verdict.PASS;
        }
        return new Grade(target, value, limit, above, unit, v);
    }

    /** A share that must stay near 1 (slot coverage): graded on what is missing, 1 - value, against 1 - limit. */
    static Grade ofShare(String target, double value, double limit, double warnMargin) {
        if (Double.isNaN(value)) {
            return new Grade(target, value, limit, true, "share", Verdict.NO_DATA);
        }
        Verdict v = of(target, 1 - value, 1 - limit, false, "share", warnMargin).verdict();
        return new Grade(target, value, limit, true, "share", v);
    }
}
