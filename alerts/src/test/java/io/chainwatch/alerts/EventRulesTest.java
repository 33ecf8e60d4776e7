package io.chainwatch.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default event rules (endpoint benched, risk halted, curve completed), an opportunity above a size, and orphaned origins. */
@Timeout(30)
class EventRulesTest {
    private static final String DEFAULTS = "alerts: { group: { wait: 0s, interval: 10s } }";

    @Test
    void anEndpointBenchedFiresUntilTheSameEndpointIsHealthyAgain() {
        try (Harness h = new Harness(DEFAULTS, "console")) {
            h.event(AlertEvent.ENDPOINT_STATE, Map.of("chain", "base", "endpoint", "rpc-1", "state", "benched", "cause", "head 40 blocks behind"), 0, null);
            h.event(AlertEvent.ENDPOINT_STATE, Map.of("chain", "base", "endpoint", "rpc-2", "state", "healthy"), 0, null);
            h.at(0);
            assertThat(h.manager.active()).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("EndpointBenched");
                assertThat(a.labels()).containsEntry("endpoint", "rpc-1").doesNotContainKey("state");
                assertThat(a.summary()).isEqualTo("Endpoint rpc-1 of base is benched");
                assertThat(a.annotations()).containsEntry("description", "head 40 blocks behind");
            });
            h.event(AlertEvent.ENDPOINT_STATE, Map.of("chain", "base", "endpoint", "rpc-1", "state", "healthy"), 0, null);
            h.at(1);
            assertThat(h.manager.active()).isEmpty();
        }
    }

    @Test
    void riskHaltedIsCriticalAndResolvesWhenTradingIsActiveAgain() {
        try (Harness h = new Harness(DEFAULTS, "console")) {
            h.event(AlertEvent.RISK_STATE_CHANGED, Map.of("account", "main", "state", "HALTED", "reason", "emergency stop"), 0, null);
            h.at(0);
            assertThat(h.manager.active()).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.annotations()).containsEntry("description", "emergency stop");
            });
            h.event(AlertEvent.RISK_STATE_CHANGED, Map.of("account", "main", "state", "ACTIVE"), 0, null);
            h.at(1);
            assertThat(h.manager.active()).isEmpty();
        }
    }

    @Test
    void aCompletedCurveIsAnInfoAlertThatEndsAfterItsHold() {
        try (Harness h = new Harness(DEFAULTS, "console")) {
            h.event(AlertEvent.CURVE_COMPLETED, Map.of("mint", "Mint111"), 0, null);
            h.at(0);
            assertThat(h.manager.active()).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.INFO));
            h.at(299);
            assertThat(h.manager.active()).hasSize(1);
            h.at(1);
            assertThat(h.manager.active()).isEmpty();
        }
    }

    @Test
    void anOpportunityFiresOnlyAboveItsSize() {
        try (Harness h = new Harness("""
                alerts:
                  rules:
                    - { name: BigOpportunity, kind: event, event: opportunity, condition: "> 1000", by: [route], hold: 1m,
                        annotations: { summary: "{{route}} pays {{value}}" } }
                """, "console")) {
            h.event(AlertEvent.OPPORTUNITY, Map.of("route", "a-b-a"), 500, null);
            h.at(0);
            assertThat(h.manager.active()).isEmpty();
            h.event(AlertEvent.OPPORTUNITY, Map.of("route", "a-b-a"), 2500, null);
            h.at(1);
            assertThat(h.manager.active()).singleElement().extracting(Alert::summary).isEqualTo("a-b-a pays 2500");
        }
    }

    @Test
    void alertsRaisedFromAnOrphanedBlockAreResolvedWithThatReasonAndNotified() {
        try (Harness h = new Harness(DEFAULTS, "console")) {
            h.event(AlertEvent.CURVE_COMPLETED, Map.of("mint", "Old"), 0, new AlertEvent.Origin("solana", 90));
            h.event(AlertEvent.CURVE_COMPLETED, Map.of("mint", "New"), 0, new AlertEvent.Origin("solana", 100));
            h.event(AlertEvent.CURVE_COMPLETED, Map.of("mint", "Other"), 0, new AlertEvent.Origin("base", 100));
            h.at(0);
            assertThat(h.manager.active()).hasSize(3);
            assertThat(h.delivered("console")).hasSize(1);
            assertThat(h.manager.orphaned("solana", 95)).isEqualTo(Offer.ACCEPTED);
            h.at(10);
            assertThat(h.manager.active()).extracting(a -> a.labels().get("mint")).containsExactlyInAnyOrder("Old", "Other");
            Alert resolved = h.states().getLast().alert();
            assertThat(resolved.labels()).containsEntry("mint", "New");
            assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.resolvedReason()).contains("orphaned: solana 100 rolled back (from 95)");
            Notification last = h.delivered("console").getLast();
            assertThat(last.alerts()).filteredOn(a -> a.status() == AlertStatus.RESOLVED).singleElement()
                    .satisfies(a -> assertThat(a.resolvedReason()).isPresent());
        }
    }
}
