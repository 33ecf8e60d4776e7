package io.chainwatch.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Delivery off the evaluation thread: rate limit, retries with backoff, a failing channel reported through the others, history. */
@Timeout(30)
class DeliveryTest {
    private static final String RULES = """
            alerts:
              group: { by: [alertname, chain], wait: 0s, interval: 1m }
              rules: [ { name: Gap, kind: threshold, metric: gap, condition: "> 0" } ]
            """;

    private static List<AlertHistory.NotificationAttempt> attempts(Harness h, int atLeast) {
        await().atMost(Duration.ofSeconds(10)).until(() -> h.history.attempts(AlertHistory.AttemptQuery.latest(1000)).size() >= atLeast);
        return h.history.attempts(AlertHistory.AttemptQuery.latest(1000)).reversed();
    }

    @Test
    void aChannelIsSentNoMoreThanItsRateAndTheRestWaitForTokens() {
        try (Harness h = new Harness(RULES + "  delivery: { ratePerMinute: 60, burst: 1 }\n", "slack")) {
            for (String chain : List.of("a", "b", "c")) {
                h.set("gap", Map.of("chain", chain), 1);
            }
            h.at(0);
            assertThat(h.queued("slack")).isEqualTo(3); // three groups, one notification each
            assertThat(h.delivered("slack")).hasSize(3);
            assertThat(h.sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(1)));
            assertThat(h.registry.get("chainwatch_alert_rate_limited").tag("channel", "slack").counter().count()).isEqualTo(2);
        }
    }

    @Test
    void aChannelsOwnMaxPerMinuteLimitsItBelowTheGeneralRate() {
        String yaml = RULES + "  delivery: { ratePerMinute: 60000, burst: 10 }\n"
                + "  channels: [ { name: slack, type: console, maxPerMinute: 3 }, { name: console, type: console } ]\n";
        try (Harness h = new Harness(yaml, "slack", "console")) {
            for (String chain : List.of("a", "b", "c", "d", "e")) {
                h.set("gap", Map.of("chain", chain), 1);
            }
            h.at(0);
            assertThat(h.delivered("slack")).hasSize(5);
            assertThat(h.delivered("console")).hasSize(5);
            // slack: 3 a minute, so a burst of 3 and then one every 20 s; console: the general 1,000 a second.
            assertThat(h.sleeps).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
            assertThat(h.registry.get("chainwatch_alert_rate_limited").tag("channel", "slack").counter().count()).isEqualTo(2);
            assertThat(h.registry.get("chainwatch_alert_rate_limited").tag("channel", "console").counter().count()).isZero();
        }
    }

    @Test
    void aFailedDeliveryIsRetriedWithGrowingJitteredWaitsAndWaitsAtLeastWhatTheProviderAsks() {
        try (Harness h = new Harness(RULES + "  delivery: { backoffInitial: 1s, backoffMax: 8s, maxAttempts: 5 }\n", "slack")) {
            h.channel("slack").answer(RecordingChannel.failed("HTTP 503", true), RecordingChannel.failed("HTTP 502", true),
                    new Delivery.Failed("HTTP 429", true, Optional.of(Duration.ofSeconds(30))));
            h.set("gap", Map.of("chain", "a"), 1);
            h.at(0);
            List<AlertHistory.NotificationAttempt> tries = attempts(h, 4);
            assertThat(tries).extracting(AlertHistory.NotificationAttempt::attempt).containsExactly(1, 2, 3, 4);
            assertThat(tries).extracting(AlertHistory.NotificationAttempt::outcome).containsExactly(AlertHistory.Outcome.FAILED,
                    AlertHistory.Outcome.FAILED, AlertHistory.Outcome.FAILED, AlertHistory.Outcome.DELIVERED);
            assertThat(tries).extracting(AlertHistory.NotificationAttempt::reason).containsExactly("HTTP 503", "HTTP 502", "HTTP 429", "HTTP 200");
            assertThat(tries).allSatisfy(a -> assertThat(a.channel()).isEqualTo("slack"));
            assertThat(h.sleeps).hasSize(3);
            assertThat(h.sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(h.sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(h.sleeps.get(2)).isEqualTo(Duration.ofSeconds(30)); // Retry-After beats the backoff of 2 to 4 s
            assertThat(tries.get(3).at()).isEqualTo(Harness.T0.plus(h.sleeps.get(0)).plus(h.sleeps.get(1)).plusSeconds(30));
            assertThat(h.registry.get("chainwatch_alert_delivery_retries").tag("channel", "slack").counter().count()).isEqualTo(3);
            assertThat(h.registry.get("chainwatch_alert_notifications").tag("channel", "slack").tag("outcome", "failed").counter().count())
                    .isEqualTo(3);
        }
    }

    @Test
    void aNotificationGivenUpIsSentAgainAtTheGroupsNextInterval() {
        try (Harness h = new Harness(RULES, "slack")) {
            h.channel("slack").answer(RecordingChannel.failed("HTTP 400 bad payload", false));
            h.set("gap", Map.of("chain", "a"), 1);
            h.at(0);
            assertThat(attempts(h, 1)).singleElement().extracting(AlertHistory.NotificationAttempt::outcome).isEqualTo(AlertHistory.Outcome.FAILED);
            assertThat(h.sleeps).isEmpty(); // not retryable
            h.at(60); // the give-up was reported before the attempt was recorded
            assertThat(attempts(h, 2).getLast().outcome()).isEqualTo(AlertHistory.Outcome.DELIVERED);
        }
    }

    @Test
    void aChannelThatKeepsFailingIsReportedThroughTheOthersAndResolvedWhenItRecovers() {
        try (Harness h = new Harness(RULES + "  delivery: { maxAttempts: 1, failingAfter: 2 }\n", "slack", "console")) {
            h.channel("slack").always(RecordingChannel.failed("HTTP 500", true));
            h.set("gap", Map.of("chain", "a"), 1);
            h.set("gap", Map.of("chain", "b"), 1);
            h.at(0);
            attempts(h, 4); // two groups to each of two channels
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                h.at(0);
                return h.manager.active().stream().anyMatch(a -> a.name().equals("AlertChannelFailing"));
            });
            h.at(0); // the failing alert's group has no wait
            assertThat(h.delivered("console").getLast().alerts()).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("AlertChannelFailing");
                assertThat(a.labels()).containsEntry("channel", "slack");
                assertThat(a.severity()).isEqualTo(Severity.ERROR);
            });
            assertThat(h.channel("slack").received()).noneMatch(n -> n.alerts().stream().anyMatch(a -> a.name().equals("AlertChannelFailing")));

            h.channel("slack").always(new Delivery.Delivered("HTTP 200"));
            h.at(60); // the Gap groups are sent to slack again (given up before)
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                h.at(0);
                return h.manager.active().stream().noneMatch(a -> a.name().equals("AlertChannelFailing"));
            });
            h.at(60);
            assertThat(h.delivered("console").getLast()).extracting(h::names).isEqualTo(List.of("AlertChannelFailing/RESOLVED"));
        }
    }

    @Test
    void historyHoldsEveryStateChangeAndEveryAttemptQueryableByStateSeverityAndTime() {
        try (Harness h = new Harness(RULES, "slack")) {
            h.set("gap", Map.of("chain", "a"), 1);
            h.at(0);
            h.set("gap", Map.of("chain", "a"), 0);
            h.at(10);
            h.at(60);
            attempts(h, 2);
            AlertHistory history = h.manager.history();
            assertThat(history.alerts(new AlertHistory.AlertQuery(Optional.of(AlertStatus.RESOLVED), Optional.of(Severity.WARNING),
                    Optional.empty(), Optional.empty(), 10))).singleElement().satisfies(r -> assertThat(r.at()).isEqualTo(Harness.T0.plusSeconds(10)));
            assertThat(history.alerts(new AlertHistory.AlertQuery(Optional.empty(), Optional.of(Severity.CRITICAL), Optional.empty(),
                    Optional.empty(), 10))).isEmpty();
            assertThat(history.alerts(new AlertHistory.AlertQuery(Optional.empty(), Optional.empty(), Optional.of(Harness.T0),
                    Optional.of(Harness.T0.plusSeconds(5)), 10))).singleElement().extracting(r -> r.alert().status()).isEqualTo(AlertStatus.FIRING);
            String fingerprint = h.manager.history().alerts(AlertHistory.AlertQuery.latest(1)).getFirst().alert().fingerprint();
            assertThat(history.attempts(new AlertHistory.AttemptQuery(Optional.of("slack"), Optional.of(fingerprint), Optional.empty(),
                    Optional.empty(), 10))).extracting(AlertHistory.NotificationAttempt::status).containsExactly(AlertStatus.RESOLVED, AlertStatus.FIRING);
        }
    }
}
