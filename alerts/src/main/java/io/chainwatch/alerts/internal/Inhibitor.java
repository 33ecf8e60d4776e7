package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.Alert;
import io.chainwatch.core.config.InhibitRuleConfig;
import io.chainwatch.core.config.LabelMatcher;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** The inhibition rules: whether a firing alert is kept quiet by another that fires. Immutable. */
public final class Inhibitor {
    private final List<InhibitRuleConfig> rules;

    public Inhibitor(List<InhibitRuleConfig> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Whether some alert of {@code firing} other than {@code target} inhibits it. */
    public boolean inhibited(Alert target, Collection<Alert> firing) {
        for (InhibitRuleConfig r : rules) {
            if (!LabelMatcher.all(r.target(), target.labels())) {
                continue;
            }
            for (Alert source : firing) {
                if (!source.fingerprint().equals(target.fingerprint()) && LabelMatcher.all(r.source(), source.labels())
                        && equalOn(r.equal(), source, target)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean equalOn(List<String> labels, Alert a, Alert b) {
        for (String l : labels) {
            if (!Objects.equals(a.labels().get(l), b.labels().get(l))) {
                return false;
            }
        }
        return true;
    }
}
