package io.chainwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The dashboard's snapshot: one JSON object holding every part the API can answer, built at most once
 * per {@code maxAge} however many clients stream or poll, and shared by all of them as bytes.
 *
 * <p>The parts read what the chain threads publish as immutable snapshots (and the Solana curves with a
 * bounded wait on the feed thread), so building never blocks the pipeline. A part that fails is written
 * as {@code {"error": "..."}} in its place and logged once per part; the other parts still go out.
 *
 * <p>Thread-safe: the latest snapshot is guarded by {@link #lock}; whoever finds it too old builds the
 * next one while the others wait for it.
 */
final class LiveSnapshots {
    private static final Logger log = LoggerFactory.getLogger(LiveSnapshots.class);

    /** One snapshot: its number (1, 2, ...), when it was built, and its JSON. */
    record Snapshot(long seq, Instant at, byte[] json) {
    }

    private final Map<String, Supplier<?>> parts;
    private final ObjectMapper json;
    private final InstantSource clock;
    private final Duration maxAge;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> failedParts = ConcurrentHashMap.newKeySet();
    private Snapshot latest;

    /** @param parts the snapshot's fields in order, each built by its supplier (which may return null) */
    LiveSnapshots(Map<String, Supplier<?>> parts, ObjectMapper json, InstantSource clock, Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: must be positive, got " + maxAge);
        }
        this.parts = new LinkedHashMap<>(parts);
        this.json = json;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The latest snapshot, built anew when there is none or it is {@code maxAge} old. */
    Snapshot current() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (latest == null || Duration.between(latest.at(), now).compareTo(maxAge) >= 0) {
                latest = build(latest == null ? 1 : latest.seq() + 1, now);
            }
            return latest;
        } finally {
            lock.unlock();
        }
    }

    private Snapshot build(long seq, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("at", at);
        m.put("intervalMs", maxAge.toMillis());
        parts.forEach((name, part) -> m.put(name, part(name, part)));
        try {
            return new Snapshot(seq, at, json.writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the dashboard snapshot cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Object part(String name, Supplier<?> part) {
        try {
            Object value = part.get();
            failedParts.remove(name);
            return value;
        } catch (RuntimeException e) {
            if (failedParts.add(name)) {
                log.warn("dashboard snapshot: part {} failed (logged again only after it recovered and fails anew)", name, e);
            }
            return Map.of("error", name + " is unavailable: " + e.getClass().getSimpleName());
        }
    }
}
