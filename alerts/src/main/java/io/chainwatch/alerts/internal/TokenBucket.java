package io.chainwatch.alerts.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on the injected clock: {@code burst} tokens at most, refilled at {@code perSecond}.
 *
 * <p>Owned by one channel's delivery thread; not thread-safe.
 */
final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond, int burst, Instant now) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nanos(now);
    }

    /** Takes a token and returns zero, or takes none and returns how long until one is there, in whole milliseconds. */
    Duration take(Instant now) {
        long n = nanos(now);
        if (n > lastNanos) {
            tokens = Math.min(burst, tokens + (n - lastNanos) / 1e9 * perSecond);
            lastNanos = n;
        }
        // A token short by less than a billionth is a whole one: the refill in doubles can fall that far short of
        // the wait it was asked for, and a clock coarser than a nanosecond would then never move it up.
        if (tokens >= 1 - 1e-9) {
            tokens = Math.max(0, tokens - 1);
            return Duration.ZERO;
        }
        // In whole milliseconds, rounded up: a caller whose clock moves in milliseconds then has the token when it asks again.
        long nanos = (long) Math.ceil((1 - tokens) / perSecond * 1e9);
        return Duration.ofMillis(Math.max(1, Math.ceilDiv(nanos, 1_000_000L)));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
