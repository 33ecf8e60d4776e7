package io.chainwatch.core.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert rule of {@code alerts.rules}. Metric rules ({@link Kind#THRESHOLD}, {@link Kind#RATE},
 * {@link Kind#ABSENT}) look at the series named {@code metric} that {@code matchers} select, one alert
 * per series; event rules look at the events of kind {@code event}.
 *
 * @param name        the alert's name ({@code alertname} label), for example {@code SlotLagHigh}
 * @param kind        what the rule looks at
 * @param severity    {@code info}, {@code warning}, {@code error} or {@code critical}
 * @param metric      the series name of a metric rule; empty for an event rule
 * @param event       the event kind of an event rule ({@code curve_completed}, {@code opportunity},
 *                    {@code risk_state_changed}, {@code endpoint_state} ...); empty for a metric rule
 * @param matchers    conditions on the series' or the event's labels
 * @param condition   value test: a threshold rule's value, a rate rule's change per second; optional for
 *                    an event rule (its value, e.g. an opportunity's size); none for an absence rule
 * @param forMs       how long the condition must hold before the alert fires (absence: how long without data)
 * @param windowMs    a rate rule's window: the change is measured between the oldest and newest sample in it
 * @param holdMs      how long an event alert stays firing after its last event; 0 keeps it until an event of
 *                    the same kind and identity that does not match resolves it
 * @param by          an event rule's identity labels: events equal on these are one alert; empty means all labels
 * @param labels      labels added to every alert of the rule
 * @param annotations what a person reads ({@code summary}, {@code description}); {@code {{label}}} and
 *                    {@code {{value}}} are replaced
 */
public record AlertRuleConfig(String name, Kind kind, String severity, String metric, String event, List<LabelMatcher> matchers,
                              Optional<Condition> condition, long forMs, long windowMs, long holdMs, List<String> by,
                              Map<String, String> labels, Map<String, String> annotations) {
    /** What a rule looks at. */
    public enum Kind {
        /** A series' value against a threshold, held {@code forMs}. */
        THRESHOLD,
        /** A series' change per second over {@code windowMs} against a threshold, held {@code forMs}. */
        RATE,
        /** No fresh sample of a series (or of any matching series) for {@code forMs}. */
        ABSENT,
        /** Events of one kind. */
        EVENT
    }

    /** A comparison with a fixed number. */
    public enum Comparison {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

        private final String text;

        Comparison(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public boolean test(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
                case EQ -> value == threshold;
                case NE -> value != threshold;
            };
        }

        /** The comparison written as {@code >}, {@code >=}, {@code <}, {@code <=}, {@code ==} or {@code !=}. */
        public static Optional<Comparison> of(String text) {
            for (Comparison c : values()) {
                if (c.text.equals(text)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code value op threshold}. */
    public record Condition(Comparison op, double threshold) {
        public Condition {
            Objects.requireNonNull(op, "op");
            if (Double.isNaN(threshold)) {
                throw new IllegalArgumentException("threshold: got NaN, allowed a number");
            }
        }

        public boolean test(double value) {
            return op.test(value, threshold);
        }
    }

    /** The severities a rule may have, lowest first. */
    public static final List<String> SEVERITIES = List.of("info", "warning", "error", "critical");

    public AlertRuleConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(condition, "condition");
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity: got '" + severity + "', allowed " + String.join(", ", SEVERITIES));
        }
        matchers = List.copyOf(matchers);
        by = List.copyOf(by);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
