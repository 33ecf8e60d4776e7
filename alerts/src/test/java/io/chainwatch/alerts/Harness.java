package io.chainwatch.alerts;

import io.chainwatch.core.config.AlertsConfig;
import io.chainwatch.core.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.awaitility.Awaitility.await;

/**
 * An alert manager with a manual clock, fake channels, series set by the test and an in-memory
 * history. The test thread is the evaluation thread.
 */
final class Harness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    final ManualClock clock = new ManualClock(T0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InMemoryAlertHistory history = new InMemoryAlertHistory(10_000);
    final Map<String, RecordingChannel> channels = new LinkedHashMap<>();
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final Map<SeriesKey, Double> series = new LinkedHashMap<>();
    final AlertManager manager;

    Harness(String alertsYaml, String... channelNames) {
        AlertsConfig config = new ConfigLoader(Map.of()).parse(alertsYaml, "test").alerts();
        for (String name : channelNames) {
            channels.put(name, new RecordingChannel(name));
        }
        manager = AlertManager.builder(config).channels(List.copyOf(channels.values())).clock(clock).registry(registry).history(history)
                .random(new SplittableRandom(42)).sleeper(d -> {
                    sleeps.add(d);
                    clock.advance(d);
                })
                .source(into -> series.forEach((k, v) -> into.add(k, v, clock.millis()))).build();
    }

    void set(String name, Map<String, String> labels, double value) {
        series.put(new SeriesKey(name, labels), value);
    }

    void remove(String name, Map<String, String> labels) {
        series.remove(new SeriesKey(name, labels));
    }

    /** Moves the clock by {@code seconds} and evaluates. */
    void at(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        manager.evaluate();
    }

    void event(String kind, Map<String, String> labels, double value, AlertEvent.Origin origin) {
        manager.event(new AlertEvent(kind, labels, value, Map.of(), clock.instant(), java.util.Optional.ofNullable(origin)));
    }

    RecordingChannel channel(String name) {
        return channels.get(name);
    }

    /** Notifications handed to {@code channel}'s queue so far (counted on the evaluation thread, so exact). */
    int queued(String channel) {
        return (int) registry.get("chainwatch_alert_notifications_queued").tag("channel", channel).counter().count();
    }

    /** Every notification the channel has received, once it has received all that were queued for it (first attempts only). */
    List<Notification> delivered(String channel) {
        int expected = queued(channel);
        await().atMost(Duration.ofSeconds(10)).until(() -> channel(channel).received().size() >= expected);
        return channel(channel).received();
    }

    List<String> names(Notification n) {
        return n.alerts().stream().map(a -> a.labels().getOrDefault("alertname", "") + "/" + a.status()).toList();
    }

    List<AlertHistory.AlertRecord> states() {
        return history.alerts(AlertHistory.AlertQuery.latest(1000)).reversed();
    }

    @Override
    public void close() {
        manager.close();
    }
}
