package io.chainwatch.core.config;

import java.util.List;

/**
 * One rule of {@code alerts.inhibit}: while an alert matching {@code source} fires, the alerts matching
 * {@code target} that have the same values of the {@code equal} labels are not notified.
 */
public record InhibitRuleConfig(List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {
    public InhibitRuleConfig {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
        if (source.isEmpty() || target.isEmpty()) {
            throw new IllegalArgumentException("source and target need at least one matcher each");
        }
    }

    /** The default: a critical alert silences the warnings of its group (same values of the grouping labels). */
    public static InhibitRuleConfig criticalSilencesWarnings(List<String> groupBy) {
        return new InhibitRuleConfig(List.of(new LabelMatcher("severity", LabelMatcher.Op.EQUAL, "critical")),
                List.of(new LabelMatcher("severity", LabelMatcher.Op.EQUAL, "warning")), groupBy);
    }
}
