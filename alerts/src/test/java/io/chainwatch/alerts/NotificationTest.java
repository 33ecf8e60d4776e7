package io.chainwatch.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alertmanager's semantics with a manual clock: grouping, waits, deduplication, repeat, inhibition, silences, resolved, routing. */
@Timeout(30)
class NotificationTest {
    private static final String LAG_RULES = """
            alerts:
              group: { by: [alertname], wait: 10s, interval: 1m, repeat: 1h }
              rules:
                - { name: Lag, kind: threshold, metric: lag, condition: "> 10" }
                - { name: Lag, kind: threshold, severity: critical, metric: lag, condition: "> 50" }
                - { name: Gap, kind: threshold, metric: gap, condition: "> 0" }
            """;

    @Test
    void alertsOfAGroupWaitTogetherThenLaterOnesWaitForTheGroupInterval() {
        try (Harness h = new Harness(LAG_RULES, "slack")) {
            h.set("lag", Map.of("chain", "a"), 20);
            h.at(0);
            h.set("lag", Map.of("chain", "b"), 20);
            h.at(5);
            h.set("gap", Map.of(), 1);
            h.at(4);
            assertThat(h.queued("slack")).isZero();
            h.at(1); // group wait of the Lag group ends
            assertThat(h.delivered("slack")).singleElement().satisfies(n -> {
                assertThat(n.groupLabels()).isEqualTo(Map.of("alertname", "Lag"));
                assertThat(n.alerts()).extracting(a -> a.labels().get("chain")).containsExactlyInAnyOrder("a", "b");
                assertThat(n.status()).isEqualTo(AlertStatus.FIRING);
            });
            h.at(9); // the Gap group's own wait
            assertThat(h.delivered("slack")).hasSize(2);
            h.set("lag", Map.of("chain", "c"), 20);
            h.at(10);
            h.at(40);
            assertThat(h.queued("slack")).isEqualTo(2);
            h.at(1); // 60 s after the Lag group's first notification
            assertThat(h.delivered("slack").get(2).alerts()).hasSize(3);
        }
    }

    @Test
    void theSameAlertIsNotifiedOnceUntilTheRepeatInterval() {
        try (Harness h = new Harness(LAG_RULES, "slack")) {
            h.event("nothing", Map.of(), 0, null);
            h.set("gap", Map.of(), 1);
            h.at(0);
            h.at(10);
            for (int i = 0; i < 59; i++) {
                h.at(60); // every group interval for 59 minutes: nothing new
            }
            assertThat(h.queued("slack")).isEqualTo(1);
            h.at(60);
            assertThat(h.delivered("slack")).hasSize(2).allSatisfy(n -> assertThat(n.alerts()).hasSize(1));
        }
    }

    @Test
    void aCriticalAlertSilencesTheWarningsOfItsGroup() {
        try (Harness h = new Harness(LAG_RULES, "slack")) {
            h.set("lag", Map.of("chain", "a"), 60); // both Lag rules fire for it
            h.set("gap", Map.of(), 1);
            h.at(0);
            h.at(10);
            assertThat(h.manager.active()).hasSize(3);
            List<Notification> sent = h.delivered("slack");
            Notification lag = sent.stream().filter(n -> n.groupLabels().get("alertname").equals("Lag")).findFirst().orElseThrow();
            assertThat(lag.alerts()).singleElement().extracting(Alert::severity).isEqualTo(Severity.CRITICAL);
            Notification gap = sent.stream().filter(n -> n.groupLabels().get("alertname").equals("Gap")).findFirst().orElseThrow();
            assertThat(gap.alerts()).singleElement().extracting(Alert::severity).isEqualTo(Severity.WARNING); // another group
        }
    }

    @Test
    void aSilenceKeepsItsAlertsQuietUntilItExpiresOrIsDeleted() {
        try (Harness h = new Harness(LAG_RULES, "slack")) {
            Silence s = h.manager.createSilence(new Silence.Request(List.of("alertname=Gap"), null, Harness.T0.plus(Duration.ofMinutes(3)),
                    "ops@example", "maintenance"));
            Silence other = h.manager.createSilence(new Silence.Request(List.of("alertname=Lag"), null, Harness.T0.plus(Duration.ofHours(3)),
                    "ops@example", "known"));
            assertThat(h.manager.silences()).extracting(Silence::id).containsExactly(other.id(), s.id());
            h.set("gap", Map.of(), 1);
            h.set("lag", Map.of(), 20);
            h.at(10);
            h.at(60);
            h.at(60);
            assertThat(h.queued("slack")).isZero();
            assertThat(h.manager.active()).hasSize(2); // silenced alerts still fire and are recorded
            h.at(60); // the Gap silence ended at 3 min
            assertThat(h.delivered("slack")).singleElement().extracting(h::names).isEqualTo(List.of("Gap/FIRING"));
            assertThat(h.manager.deleteSilence(other.id())).isTrue();
            assertThat(h.manager.deleteSilence(other.id())).isFalse();
            h.at(60);
            assertThat(h.delivered("slack").getLast()).extracting(h::names).isEqualTo(List.of("Lag/FIRING"));
        }
    }

    @Test
    void aSilenceWithoutMatchersOrAnEndIsRefusedNamingTheField() {
        try (Harness h = new Harness(LAG_RULES)) {
            assertThatThrownBy(() -> h.manager.createSilence(new Silence.Request(List.of(), null, Harness.T0.plusSeconds(60), "me", "")))
                    .hasMessageContaining("matchers");
            assertThatThrownBy(() -> h.manager.createSilence(new Silence.Request(List.of("a=b"), null, Harness.T0, "me", "")))
                    .hasMessageContaining("endsAt");
            assertThatThrownBy(() -> h.manager.createSilence(new Silence.Request(List.of("a=~("), null, Harness.T0.plusSeconds(60), "me", "")))
                    .hasMessageContaining("matchers[0]");
            assertThatThrownBy(() -> h.manager.createSilence(new Silence.Request(List.of("a=b"), null, Harness.T0.plusSeconds(60), " ", "")))
                    .hasMessageContaining("createdBy");
        }
    }

    @Test
    void aResolvedAlertIsNotifiedToTheChannelsThatWereToldItFiredUnlessTheRouteSaysNot() {
        try (Harness h = new Harness("""
                alerts:
                  group: { wait: 0s, interval: 1m }
                  rules: [ { name: Gap, kind: threshold, metric: gap, condition: "> 0" } ]
                  routes:
                    - { channels: [slack], continue: true }
                    - { channels: [sms], sendResolved: false }
                """, "slack", "sms")) {
            h.set("gap", Map.of(), 1);
            h.at(0);
            h.set("gap", Map.of(), 0);
            h.at(1);
            h.at(60);
            assertThat(h.delivered("slack")).extracting(h::names).containsExactly(List.of("Gap/FIRING"), List.of("Gap/RESOLVED"));
            assertThat(h.delivered("slack").getLast().status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(h.delivered("sms")).extracting(h::names).containsExactly(List.of("Gap/FIRING"));
        }
    }

    @Test
    void routesTakeAlertsBySeverityAndLabelsAndTheDefaultTakesTheRest() {
        try (Harness h = new Harness("""
                alerts:
                  group: { wait: 0s }
                  rules:
                    - { name: Down, kind: threshold, severity: critical, metric: up, condition: "< 1" }
                    - { name: Lag, kind: threshold, metric: lag, condition: "> 10" }
                    - { name: Info, kind: threshold, severity: info, metric: info, condition: "> 0" }
                  routes:
                    - { minSeverity: critical, channels: [sms] }
                    - { matchers: ["chain=solana"], channels: [slack] }
                    - { default: true, channels: [console] }
                """, "sms", "slack", "console")) {
            h.set("up", Map.of("chain", "solana"), 0);
            h.set("lag", Map.of("chain", "solana"), 20);
            h.set("info", Map.of(), 1);
            h.at(0);
            assertThat(h.delivered("sms")).flatExtracting(h::names).containsExactly("Down/FIRING");
            assertThat(h.delivered("slack")).flatExtracting(h::names).containsExactly("Lag/FIRING");
            assertThat(h.delivered("console")).flatExtracting(h::names).containsExactly("Info/FIRING");
        }
    }

    @Test
    void aRouteNamingAnUnknownChannelIsRefusedAtStart() {
        assertThatThrownBy(() -> new Harness("alerts: { routes: [ { channels: [pager] } ] }", "slack"))
                .hasMessageContaining("alerts.routes[0].channels").hasMessageContaining("'pager'");
    }
}
