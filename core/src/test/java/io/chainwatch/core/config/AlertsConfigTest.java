package io.chainwatch.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The alerts: section: defaults a user expects, every kind of rule, and errors that name the key. */
@Timeout(10)
class AlertsConfigTest {
    private static AlertsConfig load(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml, "test").alerts();
    }

    @Test
    void noSectionMeansTheDefaultsToTheConsoleAndAnEmptySectionTakesTheDefaultsToo() {
        assertThat(load("api: { port: 8080 }")).isEqualTo(AlertsConfig.defaults());
        assertThat(AlertsConfig.defaults().channels()).containsExactly(AlertChannelConfig.Console.STDOUT);
        AlertsConfig a = load("alerts: { evaluationIntervalMs: 500 }");
        assertThat(a.evaluationIntervalMs()).isEqualTo(500);
        assertThat(a.rules()).isEqualTo(AlertsConfig.DEFAULT_RULES);
        assertThat(a.rules()).extracting(AlertRuleConfig::name)
                .contains("EndpointBenched", "SolanaSlotLagHigh", "SolanaGapOpen", "RiskHalted", "CurveCompleted");
        assertThat(a.group()).isEqualTo(AlertGroupConfig.DEFAULT);
        assertThat(a.inhibit()).containsExactly(InhibitRuleConfig.criticalSilencesWarnings(List.of("alertname")));
        assertThat(a.delivery()).isEqualTo(AlertDeliveryConfig.DEFAULT);
        assertThat(a).isEqualTo(new AlertsConfig(500, AlertsConfig.DEFAULT_RULES, List.of(), a.inhibit(), a.group(), a.delivery(),
                List.of(AlertChannelConfig.Console.STDOUT)));
    }

    @Test
    void everyKindOfRuleRoutesInhibitionAndTimingsAreRead() {
        AlertsConfig a = load("""
                alerts:
                  group: { by: [alertname, chain], wait: 10s, interval: 1m, repeat: 2h }
                  rules:
                    - { name: LagHigh, kind: threshold, severity: critical, metric: lag, matchers: ["chain=~sol.*"], condition: "> 32", for: 30s,
                        labels: { team: ops }, annotations: { summary: "lag {{value}} on {{chain}}" } }
                    - { name: FastGrowth, kind: rate, metric: queue_depth, condition: ">= 100", window: 2m }
                    - { name: Silent, kind: absent, metric: checkpoint, for: 1m }
                    - { name: BigOpportunity, kind: event, event: opportunity, condition: "> 1000", by: [chain], hold: 0 }
                  routes:
                    - { matchers: ["severity=critical"], channels: [sms, slack], continue: true }
                    - { minSeverity: warning, channels: [slack], sendResolved: false }
                    - { default: true, channels: [console] }
                  inhibit:
                    - { source: ["alertname=ChainDown"], target: ["severity=~warning|info"], equal: [chain] }
                  delivery: { ratePerMinute: 6, burst: 2, maxAttempts: 3, backoffInitial: 500ms, backoffMax: 10s, failingAfter: 2 }
                  channels:
                    - { name: sms, type: console }
                    - { name: slack, type: console, stream: stderr }
                    - { name: console, type: console }
                """);
        assertThat(a.group()).isEqualTo(new AlertGroupConfig(List.of("alertname", "chain"), 10_000, 60_000, 7_200_000));
        AlertRuleConfig lag = a.rules().get(0);
        assertThat(lag.kind()).isEqualTo(AlertRuleConfig.Kind.THRESHOLD);
        assertThat(lag.severity()).isEqualTo("critical");
        assertThat(lag.matchers()).containsExactly(new LabelMatcher("chain", LabelMatcher.Op.REGEX, "sol.*"));
        assertThat(lag.condition()).contains(new AlertRuleConfig.Condition(AlertRuleConfig.Comparison.GT, 32));
        assertThat(lag.forMs()).isEqualTo(30_000);
        assertThat(lag.labels()).containsEntry("team", "ops");
        assertThat(a.rules().get(1).windowMs()).isEqualTo(120_000);
        assertThat(a.rules().get(1).severity()).isEqualTo("warning");
        assertThat(a.rules().get(2).kind()).isEqualTo(AlertRuleConfig.Kind.ABSENT);
        assertThat(a.rules().get(3).event()).isEqualTo("opportunity");
        assertThat(a.rules().get(3).holdMs()).isZero();
        assertThat(a.routes()).hasSize(3);
        assertThat(a.routes().get(0).continueAfter()).isTrue();
        assertThat(a.routes().get(1).minSeverity()).isEqualTo("warning");
        assertThat(a.routes().get(1).sendResolved()).isFalse();
        assertThat(a.routes().get(2).isDefault()).isTrue();
        assertThat(a.inhibit().get(0).equal()).containsExactly("chain");
        assertThat(a.delivery()).isEqualTo(new AlertDeliveryConfig(256, 6, 2, 3, 500, 10_000, 2));
        assertThat(a.channels()).extracting(AlertChannelConfig::name).containsExactly("sms", "slack", "console");
    }

    @Test
    void badValuesAreErrorsNamingTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> load("alerts: { rules: [ { name: X, kind: sometimes, metric: m } ] }"))
                .hasMessageContaining("alerts.rules[0].kind").hasMessageContaining("sometimes").hasMessageContaining("threshold, rate, absent or event");
        assertThatThrownBy(() -> load("alerts: { rules: [ { name: X, kind: threshold, metric: m } ] }"))
                .hasMessageContaining("alerts.rules[0].condition").hasMessageContaining("required");
        assertThatThrownBy(() -> load("alerts: { rules: [ { name: X, kind: threshold, metric: m, condition: \"about 3\" } ] }"))
                .hasMessageContaining("alerts.rules[0].condition").hasMessageContaining("'about 3'");
        assertThatThrownBy(() -> load("alerts: { rules: [ { name: X, kind: threshold, metric: m, condition: \"> 1\", severity: loud } ] }"))
                .hasMessageContaining("alerts.rules[0].severity").hasMessageContaining("info, warning, error, critical");
        assertThatThrownBy(() -> load("alerts: { rules: [ { name: X, kind: absent, metric: m } ] }"))
                .hasMessageContaining("alerts.rules[0].for");
        assertThatThrownBy(() -> load("alerts: { rules: [ { name: X, kind: event, event: e, window: 1m } ] }"))
                .hasMessageContaining("alerts.rules[0].window").hasMessageContaining("not used by a event rule");
        assertThatThrownBy(() -> load("alerts: { rules: [ { name: X, kind: event, event: e, matchers: [\"=x\"] } ] }"))
                .hasMessageContaining("alerts.rules[0].matchers[0]");
        assertThatThrownBy(() -> load("alerts: { group: { wait: soon } }"))
                .hasMessageContaining("alerts.group.wait").hasMessageContaining("'soon'").hasMessageContaining("5m");
        assertThatThrownBy(() -> load("alerts: { routes: [ { channels: [] } ] }")).hasMessageContaining("alerts.routes[0].channels");
        assertThatThrownBy(() -> load("alerts: { routes: [ { default: true, matchers: [\"a=b\"], channels: [x] } ] }"))
                .hasMessageContaining("alerts.routes[0].default");
        assertThatThrownBy(() -> load("alerts: { inhibit: [ { target: [\"a=b\"] } ] }")).hasMessageContaining("alerts.inhibit[0].source");
        assertThatThrownBy(() -> load("alerts: { delivery: { backoffInitial: 5s, backoffMax: 1s } }"))
                .hasMessageContaining("alerts.delivery.backoffMax");
        assertThatThrownBy(() -> load("alerts: { evaluationInterval: 5 }")).hasMessageContaining("alerts.evaluationInterval: unknown key");
    }

    @Test
    void matchersReadAsPrometheusWritesThem() {
        assertThat(LabelMatcher.parse("a=b")).isEqualTo(new LabelMatcher("a", LabelMatcher.Op.EQUAL, "b"));
        assertThat(LabelMatcher.parse("a!=b")).isEqualTo(new LabelMatcher("a", LabelMatcher.Op.NOT_EQUAL, "b"));
        assertThat(LabelMatcher.parse("a=~\"b|c\"")).isEqualTo(new LabelMatcher("a", LabelMatcher.Op.REGEX, "b|c"));
        assertThat(LabelMatcher.parse("a!~b.*")).isEqualTo(new LabelMatcher("a", LabelMatcher.Op.NOT_REGEX, "b.*"));
        assertThat(LabelMatcher.parse("a=~b|c").matches(Map.of("a", "c"))).isTrue();
        assertThat(LabelMatcher.parse("a=~b").matches(Map.of("a", "bb"))).isFalse(); // the whole value
        assertThat(LabelMatcher.parse("a=").matches(Map.of())).isTrue(); // a missing label reads as empty
        assertThatThrownBy(() -> LabelMatcher.parse("a=~(")).hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> LabelMatcher.parse("nothing")).hasMessageContaining("not a matcher");
    }
}
