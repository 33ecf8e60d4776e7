package io.chainwatch.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened which event rules may turn into an alert: a curve completed, an opportunity
 * found, the risk state changed, an endpoint benched. Immutable; any thread may hand it to
 * {@link AlertManager#event}.
 *
 * @param kind        what happened, one of the constants here or any other name rules use
 * @param labels      what identifies it ({@code mint}, {@code chain}, {@code endpoint}, {@code account}, {@code state} ...)
 * @param value       a size the rule may compare (an opportunity's profit); 0 when it has none
 * @param annotations free text a rule's annotations may use as {@code {{name}}} like labels; never secrets
 * @param occurredAt  when it happened
 * @param origin      the block or slot it was seen in, so an alert raised from it is resolved if that is orphaned
 */
public record AlertEvent(String kind, Map<String, String> labels, double value, Map<String, String> annotations, Instant occurredAt,
                         Optional<Origin> origin) {
    /** A pump.fun bonding curve completed; labels {@code mint}. */
    public static final String CURVE_COMPLETED = "curve_completed";
    /** An arbitrage opportunity; value its expected profit; labels {@code chain}, {@code route}. */
    public static final String OPPORTUNITY = "opportunity";
    /** The risk manager's trading state changed; labels {@code account}, {@code state} (ACTIVE, REDUCING, HALTED). */
    public static final String RISK_STATE_CHANGED = "risk_state_changed";
    /**
     * The performance monitor's finding (an anomaly, a trend towards a target, a missed target, a stalled
     * stage) holds or has cleared; labels {@code finding} (its kind), {@code metric}, {@code severity},
     * {@code state} ({@code holds} or {@code cleared}); annotation {@code message}.
     */
    public static final String PERFORMANCE = "performance";
    /** An endpoint's state changed; labels {@code chain}, {@code endpoint}, {@code state} (benched, healthy). */
    public static final String ENDPOINT_STATE = "endpoint_state";

    public AlertEvent {
        Objects.requireNonNull(kind, "kind");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(origin, "origin");
    }

    /** An event with no value, no annotations and no origin. */
    public static AlertEvent of(String kind, Map<String, String> labels, Instant occurredAt) {
        return new AlertEvent(kind, labels, 0, Map.of(), occurredAt, Optional.empty());
    }

    /**
     * Where an event was seen: a block (EVM) or a slot (Solana) of a chain.
     *
     * @param chain  the chain's configured name ({@code solana} for Solana)
     * @param number the block number or slot
     */
    public record Origin(String chain, long number) {
        public Origin {
            Objects.requireNonNull(chain, "chain");
        }
    }
}
