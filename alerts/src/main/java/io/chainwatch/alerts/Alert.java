package io.chainwatch.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as channels see it: immutable, crosses threads freely.
 *
 * @param fingerprint    stable identity of the alert: the same rule with the same labels always has the same one
 * @param name           the rule's name, for example {@code EndpointBenched}
 * @param severity       how urgent
 * @param labels         what identifies it (rule name, chain, endpoint, mint ...), sorted so equal sets print equally
 * @param annotations    what a person reads: {@code summary}, {@code description}; never secrets
 * @param status         firing or resolved
 * @param startsAt       when the condition began to hold
 * @param endsAt         when it stopped holding; empty while firing
 * @param resolvedReason why it was resolved when not simply by the condition clearing (for example
 *                       {@code orphaned by reorg at block 123}); empty otherwise
 */
public record Alert(String fingerprint, String name, Severity severity, SortedMap<String, String> labels,
                    Map<String, String> annotations, AlertStatus status, Instant startsAt, Optional<Instant> endsAt,
                    Optional<String> resolvedReason) {
    public Alert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startsAt, "startsAt");
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(resolvedReason, "resolvedReason");
    }

    /** The {@code summary} annotation, or the name when there is none. */
    public String summary() {
        return annotations.getOrDefault("summary", name);
    }
}
