package io.chainwatch.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every change of an alert's state and every notification attempt with its outcome, queryable for
 * the API ({@code /api/v1/alerts?state=&severity=&limit=}). Implementations are thread-safe: the
 * evaluation thread records state changes, the channels' delivery threads record attempts.
 */
public interface AlertHistory {
    /** The most records one query returns. */
    int MAX_LIMIT = 10_000;

    /** Records that {@code alert} is now in its {@link Alert#status()}, at {@code at}. */
    void recordState(Alert alert, Instant at);

    /** Records one notification attempt (or a notification dropped before any attempt). */
    void recordAttempt(NotificationAttempt attempt);

    /** State changes matching {@code query}, newest first. */
    List<AlertRecord> alerts(AlertQuery query);

    /** Notification attempts matching {@code query}, newest first. */
    List<NotificationAttempt> attempts(AttemptQuery query);

    /** One state change: {@code alert} as it was at {@code at}. */
    record AlertRecord(Instant at, Alert alert) {
        public AlertRecord {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(alert, "alert");
        }
    }

    /** How a notification attempt ended. */
    enum Outcome {
        /** The channel took it. */
        DELIVERED,
        /** The channel refused it or could not be reached; {@code reason} says which. */
        FAILED,
        /** Never attempted: the channel's queue was full. */
        DROPPED
    }

    /**
     * One attempt to deliver a notification to a channel.
     *
     * @param fingerprints the alerts it carried
     * @param attempt      1 for the first attempt, 2 for the first retry ...; 0 for a dropped notification
     * @param reason       the channel's detail or failure reason; never a secret
     */
    record NotificationAttempt(Instant at, String channel, String groupKey, List<String> fingerprints, AlertStatus status, int attempt,
                               Outcome outcome, String reason) {
        public NotificationAttempt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(groupKey, "groupKey");
            fingerprints = List.copyOf(fingerprints);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Which state changes to return: empty filters take all; {@code from} inclusive, {@code to} exclusive.
     *
     * @param limit at most this many, 1 to {@link #MAX_LIMIT}
     */
    record AlertQuery(Optional<AlertStatus> state, Optional<Severity> severity, Optional<Instant> from, Optional<Instant> to, int limit) {
        public AlertQuery {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(severity, "severity");
            checkRange(from, to, limit);
        }

        /** The latest {@code limit} state changes of any kind. */
        public static AlertQuery latest(int limit) {
            return new AlertQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
        }

        /** Whether {@code r} is one this query takes. */
        public boolean test(AlertRecord r) {
            return state.map(s -> s == r.alert().status()).orElse(true)
                    && severity.map(s -> s == r.alert().severity()).orElse(true)
                    && from.map(f -> !r.at().isBefore(f)).orElse(true)
                    && to.map(t -> r.at().isBefore(t)).orElse(true);
        }
    }

    /**
     * Which attempts to return: empty filters take all.
     *
     * @param fingerprint only attempts that carried this alert
     */
    record AttemptQuery(Optional<String> channel, Optional<String> fingerprint, Optional<Instant> from, Optional<Instant> to, int limit) {
        public AttemptQuery {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(fingerprint, "fingerprint");
            checkRange(from, to, limit);
        }

        public static AttemptQuery latest(int limit) {
            return new AttemptQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
        }

        public boolean test(NotificationAttempt a) {
            return channel.map(c -> c.equals(a.channel())).orElse(true)
                    && fingerprint.map(a.fingerprints()::contains).orElse(true)
                    && from.map(f -> !a.at().isBefore(f)).orElse(true)
                    && to.map(t -> a.at().isBefore(t)).orElse(true);
        }
    }

    private static void checkRange(Optional<Instant> from, Optional<Instant> to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: got " + limit + ", allowed 1 to " + MAX_LIMIT);
        }
    }
}
