package io.chainwatch.core.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code alerts:} section: the rules, how alerts are grouped, inhibited and routed, and how
 * notifications are delivered. The channels themselves ({@code alerts.channels}) are configured apart.
 *
 * @param evaluationIntervalMs how often metric rules are evaluated
 * @param rules                the rules; {@link #DEFAULT_RULES} when the section does not list any
 * @param routes               where alerts go; empty sends every alert to every channel
 * @param inhibit              inhibition rules; by default a critical alert silences the warnings of its group
 * @param channels             where notifications go ({@code alerts.channels} and the environment's names); when none is
 *                             configured, one console channel, so that an alert is never only in the history
 */
public record AlertsConfig(long evaluationIntervalMs, List<AlertRuleConfig> rules, List<AlertRouteConfig> routes,
                           List<InhibitRuleConfig> inhibit, AlertGroupConfig group, AlertDeliveryConfig delivery,
                           List<AlertChannelConfig> channels) {
    /**
     * What a user expects without writing rules: an endpoint benched, the Solana stream behind, a gap in
     * the slots or blocks left open, trading halted by the risk manager, and a pump.fun curve completed.
     */
    public static final List<AlertRuleConfig> DEFAULT_RULES = List.of(
            event("EndpointBenched", "warning", "endpoint_state", List.of(LabelMatcher.parse("state=benched")), List.of("chain", "endpoint"), 0,
                    "Endpoint {{endpoint}} of {{chain}} is benched", "{{cause}}"),
            metric("SolanaSlotLagHigh", AlertRuleConfig.Kind.THRESHOLD, "warning", "chainwatch_solana_slot_lag", 32, 30_000,
                    "The Solana stream is {{value}} slots behind the tip"),
            metric("SolanaGapOpen", AlertRuleConfig.Kind.THRESHOLD, "warning", "chainwatch_solana_open_gap_slots", 0, 60_000,
                    "{{value}} Solana slots missing for more than a minute"),
            metric("ChainGapOpen", AlertRuleConfig.Kind.THRESHOLD, "warning", "chainwatch_chain_open_gap_blocks", 0, 60_000,
                    "{{value}} blocks of {{chain}} missing for more than a minute"),
            event("RiskHalted", "critical", "risk_state_changed", List.of(LabelMatcher.parse("state=HALTED")), List.of("account"), 0,
                    "Trading of account {{account}} is halted", "{{reason}}"),
            event("CurveCompleted", "info", "curve_completed", List.of(), List.of("mint"), 300_000,
                    "Bonding curve of {{mint}} completed", "The token migrates off its pump.fun curve"),
            event("PerformanceWarning", "warning", "performance", List.of(LabelMatcher.parse("state=holds"),
                    LabelMatcher.parse("severity=~warning|error")), List.of("finding", "metric"), 0, "{{message}}", "{{finding}} on {{metric}}"),
            event("PerformanceCritical", "critical", "performance", List.of(LabelMatcher.parse("state=holds"),
                    LabelMatcher.parse("severity=critical")), List.of("finding", "metric"), 0, "{{message}}", "{{finding}} on {{metric}}"));

    public AlertsConfig {
        rules = List.copyOf(rules);
        routes = List.copyOf(routes);
        inhibit = List.copyOf(inhibit);
        channels = List.copyOf(channels);
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(delivery, "delivery");
        if (evaluationIntervalMs < 10) {
            throw new IllegalArgumentException("evaluationIntervalMs: got " + evaluationIntervalMs + ", allowed 10 or more");
        }
    }

    /** The section as if it were present and empty: the default rules, every alert to every channel. */
    public static AlertsConfig defaults() {
        return new AlertsConfig(1_000, DEFAULT_RULES, List.of(), List.of(InhibitRuleConfig.criticalSilencesWarnings(AlertGroupConfig.DEFAULT.by())),
                AlertGroupConfig.DEFAULT, AlertDeliveryConfig.DEFAULT, List.of(AlertChannelConfig.Console.STDOUT));
    }

    private static AlertRuleConfig event(String name, String severity, String kind, List<LabelMatcher> matchers, List<String> by,
                                         long holdMs, String summary, String description) {
        return new AlertRuleConfig(name, AlertRuleConfig.Kind.EVENT, severity, "", kind, matchers, Optional.empty(), 0, 0, holdMs, by,
                Map.of(), Map.of("summary", summary, "description", description));
    }

    private static AlertRuleConfig metric(String name, AlertRuleConfig.Kind kind, String severity, String metric, double above,
                                          long forMs, String summary) {
        return new AlertRuleConfig(name, kind, severity, metric, "", List.of(),
                Optional.of(new AlertRuleConfig.Condition(AlertRuleConfig.Comparison.GT, above)), forMs, 0, 0, List.of(), Map.of(),
                Map.of("summary", summary));
    }
}
