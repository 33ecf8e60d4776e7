package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.AlertEvent;
import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.AlertRuleConfig;
import io.chainwatch.core.config.LabelMatcher;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One event rule. An event of the rule's kind that satisfies its matchers and condition fires the
 * alert of its identity (the {@code by} labels, or all of them) or keeps it firing; one of the same
 * kind and identity that does not satisfy them resolves it (an endpoint healthy again, trading
 * active again). A rule with a hold resolves its alert that long after the last event.
 *
 * <p>Owned by the evaluation thread; not thread-safe.
 */
public final class EventRule {
    private final AlertRuleConfig rule;
    private final Severity severity;

    public EventRule(AlertRuleConfig rule) {
        if (rule.kind() != AlertRuleConfig.Kind.EVENT) {
            throw new IllegalArgumentException("rule " + rule.name() + " is not an event rule");
        }
        this.rule = rule;
        this.severity = Severity.valueOf(rule.severity().toUpperCase(Locale.ROOT));
    }

    public String kind() {
        return rule.event();
    }

    public void on(AlertEvent event, Instant now, AlertBook book) {
        SortedMap<String, String> identity = new TreeMap<>();
        if (rule.by().isEmpty()) {
            identity.putAll(event.labels());
        } else {
            for (String name : rule.by()) {
                identity.put(name, event.labels().getOrDefault(name, ""));
            }
        }
        SortedMap<String, String> labels = Labels.of(rule.name(), severity, rule.labels(), identity);
        boolean matches = LabelMatcher.all(rule.matchers(), event.labels()) && rule.condition().map(c -> c.test(event.value())).orElse(true);
        if (!matches) {
            book.resolve(Labels.fingerprint(labels), now, Optional.empty());
            return;
        }
        Map<String, String> values = new HashMap<>(event.annotations());
        values.putAll(event.labels());
        values.putAll(labels);
        book.fire(severity, labels, Labels.annotations(rule.annotations(), values, event.value()), event.occurredAt(), event.origin(),
                rule.holdMs(), now);
    }
}
