package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.Notification;
import io.chainwatch.alerts.Severity;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Notifications the channel tests send: text that needs escaping, a firing and a resolved alert, a fixed clock. */
final class Samples {
    static final Instant STARTED = Instant.parse("2025-03-01T12:00:00Z");
    static final Instant ENDED = Instant.parse("2025-03-01T12:05:00Z");
    static final Instant SENT = Instant.parse("2025-03-01T12:06:00Z");
    static final InstantSource CLOCK = InstantSource.fixed(SENT);

    private Samples() {
    }

    static Alert benched() {
        return new Alert("3fa1c0de", "EndpointBenched", Severity.CRITICAL, new TreeMap<>(Map.of("chain", "eth", "endpoint", "rpc-a")),
                Map.of("summary", "rpc-a is benched after <5> errors & timeouts", "description", "Every request failed for 30 s."),
                AlertStatus.FIRING, STARTED, Optional.empty(), Optional.empty());
    }

    static Alert lagResolved() {
        return new Alert("77ab12ef", "StreamLag", Severity.WARNING, new TreeMap<>(Map.of("chain", "eth", "stage", "ingest")),
                Map.of("summary", "ingest lag above 10 s"), AlertStatus.RESOLVED, STARTED, Optional.of(ENDED),
                Optional.of("orphaned by reorg at block 123"));
    }

    /** A firing critical and a resolved warning, grouped by chain. */
    static Notification two(String channel) {
        return new Notification(channel, "{}:{chain=\"eth\"}", new TreeMap<>(Map.of("chain", "eth")), AlertStatus.FIRING,
                List.of(benched(), lagResolved()), SENT);
    }

    static Notification of(String channel, List<Alert> alerts) {
        return new Notification(channel, "{}:{}", new TreeMap<>(), alerts.stream().anyMatch(a -> a.status() == AlertStatus.FIRING)
                ? AlertStatus.FIRING : AlertStatus.RESOLVED, alerts, SENT);
    }

    /** {@code count} firing alerts with distinct fingerprints and long text. */
    static List<Alert> many(int count, Severity severity) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> new Alert("fp" + i, "Alert" + i, severity,
                new TreeMap<>(Map.of("i", String.valueOf(i))), Map.of("summary", "x".repeat(900)), AlertStatus.FIRING, STARTED,
                Optional.empty(), Optional.empty())).toList();
    }
}
