package io.chainwatch.alerts;

import io.chainwatch.core.config.LabelMatcher;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silence: while it is active, alerts whose labels satisfy every matcher are not notified. They
 * still fire and are recorded. Immutable.
 *
 * @param id        given when created; used to delete it
 * @param matchers  at least one
 * @param startsAt  when it begins to apply
 * @param endsAt    when it stops applying (expired silences apply to nothing)
 * @param createdBy who set it
 * @param comment   why
 */
public record Silence(String id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
    }

    /** Whether it applies at {@code now}. */
    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** Whether it applies at {@code now} to an alert with {@code labels}. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        return activeAt(now) && LabelMatcher.all(matchers, labels);
    }

    /**
     * What the API asks for; checked by {@link AlertManager#createSilence}.
     *
     * @param matchers  as Prometheus writes them ({@code alertname=SlotLagHigh}, {@code chain=~"sol.*"})
     */
    public record Request(List<String> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
        public Request {
            matchers = List.copyOf(matchers);
        }
    }
}
