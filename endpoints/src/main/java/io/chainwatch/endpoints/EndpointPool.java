package io.chainwatch.endpoints;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The endpoints of one chain: scores them on a timer (off the request path) and answers "which
 * endpoint now". Latency-critical work takes {@link #ranked()}'s first; bulk work spreads over
 * {@link #pickWeighted()}.
 *
 * <p>{@link #evaluate()} is called by one scorer thread; the other methods are thread-safe.
 */
public final class EndpointPool {
    private static final Logger log = LoggerFactory.getLogger(EndpointPool.class);

    private final String chain;
    private final List<Endpoint> endpoints;
    private final ScoringPolicy policy;
    private final RandomGenerator random;
    // Scorer-thread state: consecutive low / high evaluations per endpoint.
    private final Map<Endpoint, int[]> streaks = new HashMap<>();
    private volatile List<Endpoint> ranked;
    private final io.chainwatch.core.Listeners<StateChange> stateListeners = new io.chainwatch.core.Listeners<>(log, "an endpoint state change");

    /**
     * An endpoint moved between states (for example benched after failing, or restored).
     *
     * @param reason the last failure or quarantine reason, already redacted; empty when there is none
     */
    public record StateChange(String chain, String endpoint, String displayUrl, EndpointState from, EndpointState to, double score,
                              String reason) {
    }

    public EndpointPool(String chain, List<Endpoint> endpoints, ScoringPolicy policy, RandomGenerator random, MeterRegistry metrics) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(chain + ": need at least one endpoint");
        }
        this.chain = chain;
        this.endpoints = List.copyOf(endpoints);
        this.policy = policy;
        this.random = random;
        this.ranked = this.endpoints.stream().sorted(Comparator.comparingInt(e -> e.config().priority())).toList();
        for (Endpoint e : this.endpoints) {
            streaks.put(e, new int[2]);
            Tags tags = Tags.of("chain", chain, "endpoint", e.id(), "region", e.config().region());
            Gauge.builder("chainwatch_endpoint_score", e, x -> x.health().score()).tags(tags)
                    .description("Health score, 0 to 1").register(metrics);
            Gauge.builder("chainwatch_endpoint_up", e, x -> x.usable() ? 1 : 0).tags(tags)
                    .description("1 when the endpoint takes traffic").register(metrics);
            Gauge.builder("chainwatch_endpoint_head_lag", e, x -> x.health().headLag()).tags(tags)
                    .description("Blocks or slots behind the best credible head").register(metrics);
            Gauge.builder("chainwatch_endpoint_latency_p99_seconds", e, x -> x.health().p99Ms() / 1_000.0).tags(tags)
                    .description("99th percentile of the endpoint's request latency over its window").register(metrics);
            Gauge.builder("chainwatch_endpoint_error_rate", e, x -> x.health().errorRate()).tags(tags)
                    .description("Failed requests / requests over the scoring window").register(metrics);
            io.micrometer.core.instrument.FunctionCounter.builder("chainwatch_endpoint_received_bytes", e, Endpoint::receivedBytes).tags(tags)
                    .baseUnit("bytes").description("Bytes of answers and stream messages read from the endpoint").register(metrics);
            for (FailureKind k : FailureKind.values()) {
                io.micrometer.core.instrument.FunctionCounter.builder("chainwatch_endpoint_failures", e, x -> x.failures(k))
                        .tags(tags.and("kind", k.metricName())).description("Failed requests by kind").register(metrics);
            }
        }
    }

    public String chain() {
        return chain;
    }

    /** Tells {@code listener} of every state change, on the scorer thread: it must not block. */
    public void onStateChange(java.util.function.Consumer<StateChange> listener) {
        stateListeners.add(listener);
    }

    public List<Endpoint> all() {
        return endpoints;
    }

    /** Usable endpoints, best first: score band, then configured priority, then latency. */
    public List<Endpoint> ranked() {
        return ranked;
    }

    public Optional<Endpoint> best() {
        List<Endpoint> r = ranked;
        return r.isEmpty() ? Optional.empty() : Optional.of(r.getFirst());
    }

    /** One usable endpoint, chosen with probability proportional to its score (bulk work). */
    public Optional<Endpoint> pickWeighted() {
        List<Endpoint> r = ranked;
        if (r.isEmpty()) {
            return Optional.empty();
        }
        double total = 0;
        for (Endpoint e : r) {
            total += Math.max(0.05, e.health().score());
        }
        double x = random.nextDouble() * total;
        for (Endpoint e : r) {
            x -= Math.max(0.05, e.health().score());
            if (x <= 0) {
                return Optional.of(e);
            }
        }
        return Optional.of(r.getLast());
    }

    /** The highest head among endpoints that are not quarantined, or -1. */
    public long bestHead() {
        long best = -1;
        for (Endpoint e : endpoints) {
            if (!e.quarantined()) {
                best = Math.max(best, e.head());
            }
        }
        return best;
    }

    /** Scorer thread: rolls every endpoint's window, scores it, moves states with hysteresis, re-ranks. */
    public void evaluate() {
        long bestProbed = -1;
        for (Endpoint e : endpoints) {
            if (!e.quarantined()) {
                bestProbed = Math.max(bestProbed, e.probedHead());
            }
        }
        List<Endpoint> usable = new ArrayList<>();
        for (Endpoint e : endpoints) {
            EndpointStats.Window w = e.stats.roll();
            long lag = e.probedHead() < 0 || bestProbed < 0 ? 0 : Math.max(0, bestProbed - e.probedHead());
            double latencyPart = policy.latencyPart(w.p95Ms());
            double errorPart = 1 - w.errorRate();
            double lagPart = policy.lagPart(lag);
            double throttlePart = 1 - w.throttleRate();
            double score = policy.score(latencyPart, errorPart, lagPart, throttlePart);
            CircuitBreaker.State breaker = e.breaker().getState();
            if (breaker == CircuitBreaker.State.OPEN || e.quarantined()) {
                score = 0;
            }
            EndpointState state = nextState(e, e.health().state(), score, breaker);
            e.publish(new HealthSnapshot(e.id(), e.displayUrl(), e.config().region(), e.config().priority(), state, score,
                    latencyPart, errorPart, lagPart, throttlePart, w.ewmaMs(), w.p50Ms(), w.p95Ms(), w.p99Ms(), w.errorRate(),
                    w.requests(), e.head(), lag, breaker.name(),
                    e.quarantined() ? "quarantined: " + e.quarantineReason() : e.lastFailure()));
            if (e.usable()) {
                usable.add(e);
            }
        }
        usable.sort(Comparator.<Endpoint>comparingInt(e -> -(int) Math.round(e.health().score() * 10))
                .thenComparingInt(e -> e.config().priority())
                .thenComparingDouble(e -> Double.isNaN(e.health().latencyEwmaMs()) ? Double.MAX_VALUE : e.health().latencyEwmaMs()));
        ranked = List.copyOf(usable);
    }

    private EndpointState nextState(Endpoint e, EndpointState current, double score, CircuitBreaker.State breaker) {
        int[] s = streaks.get(e);
        if (score < policy.benchBelow()) {
            s[0]++;
            s[1] = 0;
        } else if (score >= policy.restoreAbove()) {
            s[1]++;
            s[0] = 0;
        } else {
            s[0] = 0;
            s[1] = 0;
        }
        EndpointState next = current;
        if (e.quarantined() || breaker == CircuitBreaker.State.OPEN || s[0] >= policy.benchAfter()) {
            next = EndpointState.BENCHED;
        } else if (current == EndpointState.BENCHED) {
            if (s[1] >= policy.restoreAfter()) {
                next = EndpointState.HEALTHY;
            }
        } else if (current == EndpointState.HEALTHY) {
            // A band below the restore mark, so an endpoint near it does not flip every round.
            next = score < policy.restoreAbove() - 0.1 ? EndpointState.DEGRADED : EndpointState.HEALTHY;
        } else {
            next = score >= policy.restoreAbove() ? EndpointState.HEALTHY : EndpointState.DEGRADED;
        }
        if (next != current) {
            boolean benching = next == EndpointState.BENCHED || current == EndpointState.BENCHED;
            log.atLevel(benching ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO).log(
                    "chain={} endpoint={} url={} state {} -> {} (score {}{})", chain, e.id(), e.displayUrl(), current, next,
                    String.format("%.2f", score), e.quarantined() ? ", quarantined: " + e.quarantineReason()
                            : e.lastFailure().isEmpty() ? "" : ", last failure: " + e.lastFailure());
            stateListeners.tell(new StateChange(chain, e.id(), e.displayUrl(), current, next, score,
                    e.quarantined() ? "quarantined: " + e.quarantineReason() : e.lastFailure()));
        }
        return next;
    }
}
