package io.chainwatch.endpoints;

import io.chainwatch.core.config.EndpointConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node endpoint of one chain: its configuration, circuit breaker, rate limiter, request stats
 * and the health the scorer last published. Thread-safe: request threads record outcomes, the scorer
 * thread publishes {@link #health()}.
 */
public final class Endpoint {
    private final String id;
    private final EndpointConfig config;
    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter;
    final EndpointStats stats;
    private final AtomicLong head = new AtomicLong(-1);
    /** Bytes of answers and stream messages read from this endpoint (HTTP bodies, WebSocket text). */
    private final java.util.concurrent.atomic.LongAdder receivedBytes = new java.util.concurrent.atomic.LongAdder();
    private volatile long probedHead = -1;
    private volatile HealthSnapshot health;
    private volatile String lastFailure = "";
    private volatile boolean quarantined;
    private volatile String quarantineReason = "";
    private volatile FailureKind quarantineCause;

    public Endpoint(String id, EndpointConfig config, ScoringPolicy policy) {
        this.id = id;
        this.config = config;
        this.stats = new EndpointStats(policy.windowIntervals());
        // Timeouts and refused connections count as failures; a slow call (over the timeout) too.
        this.breaker = CircuitBreaker.of(id, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofMillis(config.timeoutMs()))
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        int perPeriod = (int) Math.max(1, Math.round(config.requestsPerSecond()));
        this.rateLimiter = RateLimiter.of(id, RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
        this.health = new HealthSnapshot(id, config.redactedUrl(), config.region(), config.priority(), EndpointState.HEALTHY, 1,
                1, 1, 1, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, -1, 0, breaker.getState().name(), "");
    }

    public String id() {
        return id;
    }

    public EndpointConfig config() {
        return config;
    }

    /** URL safe to print. */
    public String displayUrl() {
        return config.redactedUrl();
    }

    public HealthSnapshot health() {
        return health;
    }

    void publish(HealthSnapshot snapshot) {
        this.health = snapshot;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Takes a request permit: breaker closed or half-open, and within the rate limit. */
    public boolean tryAcquire() {
        if (!breaker.tryAcquirePermission()) {
            return false;
        }
        if (!rateLimiter.acquirePermission()) {
            breaker.releasePermission();
            stats.failure(FailureKind.THROTTLED, 0);
            return false;
        }
        return true;
    }

    public void recordSuccess(long latencyNs) {
        breaker.onSuccess(latencyNs, TimeUnit.NANOSECONDS);
        stats.success(latencyNs);
    }

    public void recordFailure(FailureKind kind, long latencyNs, String message) {
        if (kind.breaksCircuit()) {
            breaker.onError(latencyNs, TimeUnit.NANOSECONDS, new EndpointException(id, kind, message));
        } else {
            breaker.onSuccess(latencyNs, TimeUnit.NANOSECONDS);
        }
        stats.failure(kind, latencyNs);
        lastFailure = kind.metricName() + ": " + io.chainwatch.core.config.Redact.url(message);
    }

    public long failures(FailureKind kind) {
        return stats.failures(kind);
    }

    /** Counts {@code bytes} read from this endpoint. */
    public void recordReceived(long bytes) {
        receivedBytes.add(bytes);
    }

    /** Bytes read from this endpoint so far. */
    public long receivedBytes() {
        return receivedBytes.sum();
    }

    String lastFailure() {
        return lastFailure;
    }

    /** The highest head this endpoint has reported (block number or slot), or -1. */
    public long head() {
        return head.get();
    }

    public void observeHead(long reported) {
        head.accumulateAndGet(reported, Math::max);
    }

    /**
     * A head answered to the scorer's probe. Every endpoint is probed at the same moment, so lag is
     * measured between these, not against heads a subscription delivered in between.
     */
    public void observeProbedHead(long reported) {
        probedHead = reported;
        observeHead(reported);
    }

    long probedHead() {
        return probedHead;
    }

    /** Resets the head after the endpoint is found lying or rolled back. */
    public void resetHead(long value) {
        head.set(value);
        probedHead = value;
    }

    /**
     * Takes the endpoint out of service for a fault the chain layer found (wrong chain id, a lying
     * head, a fork too deep): it is benched until {@link #release()}. {@code cause} says which, so the
     * check that found it can tell when the same check clears it.
     */
    public void quarantine(FailureKind cause, String reason) {
        quarantineReason = reason;
        quarantineCause = cause;
        quarantined = true;
    }

    public void release() {
        quarantined = false;
        quarantineCause = null;
        quarantineReason = "";
    }

    /** Quarantined, and for this cause. */
    public boolean quarantinedFor(FailureKind cause) {
        return quarantined && quarantineCause == cause;
    }

    public boolean quarantined() {
        return quarantined;
    }

    public String quarantineReason() {
        return quarantineReason;
    }

    /** Usable for normal traffic right now. */
    public boolean usable() {
        return !quarantined && health.state() != EndpointState.BENCHED && breaker.getState() != CircuitBreaker.State.OPEN;
    }

    @Override
    public String toString() {
        return id + "(" + displayUrl() + ")";
    }
}
