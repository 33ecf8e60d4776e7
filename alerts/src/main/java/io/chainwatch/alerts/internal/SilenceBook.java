package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.Silence;
import io.chainwatch.core.config.LabelMatcher;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The silences. Created and deleted by the API's threads, read by the evaluation thread: the map is
 * concurrent and holds immutable silences. At most {@code capacity} are kept; silences expired for a
 * day are dropped when a new one is made. The id source is locked on.
 */
public final class SilenceBook {
    private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final Map<String, Silence> silences = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final SplittableRandom ids;
    private final int capacity;

    public SilenceBook(InstantSource clock, SplittableRandom ids, int capacity) {
        this.clock = clock;
        this.ids = ids;
        this.capacity = capacity;
    }

    /**
     * Checks and keeps a new silence.
     *
     * @throws IllegalArgumentException naming the field that is wrong, or when {@code capacity} silences exist
     */
    public Silence create(Silence.Request request) {
        Instant now = clock.instant();
        if (request.matchers().isEmpty()) {
            throw new IllegalArgumentException("matchers: need at least one, got none");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < request.matchers().size(); i++) {
            try {
                matchers.add(LabelMatcher.parse(request.matchers().get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("matchers[" + i + "]: " + e.getMessage());
            }
        }
        Instant start = request.startsAt() == null ? now : request.startsAt();
        if (request.endsAt() == null || !request.endsAt().isAfter(start) || !request.endsAt().isAfter(now)) {
            throw new IllegalArgumentException("endsAt: got " + request.endsAt() + ", allowed a time after startsAt (" + start + ") and now");
        }
        if (request.createdBy() == null || request.createdBy().isBlank() || request.createdBy().length() > 200) {
            throw new IllegalArgumentException("createdBy: needed, at most 200 characters");
        }
        String comment = request.comment() == null ? "" : request.comment();
        if (comment.length() > 2_000) {
            throw new IllegalArgumentException("comment: got " + comment.length() + " characters, allowed at most 2000");
        }
        silences.values().removeIf(s -> s.endsAt().plus(KEEP_EXPIRED).isBefore(now));
        if (silences.size() >= capacity) {
            throw new IllegalArgumentException("silences: " + capacity + " exist, the most kept; delete one first");
        }
        // Milliseconds: what is kept in the store reads back equal (PostgreSQL keeps microseconds, clocks give nanoseconds).
        Silence s = new Silence(newId(), matchers, start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                request.endsAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), request.createdBy(), comment);
        silences.put(s.id(), s);
        return s;
    }

    /** Takes silences kept from before (a restart); those expired for a day are left out. */
    public void restore(List<Silence> kept) {
        Instant now = clock.instant();
        for (Silence s : kept) {
            if (!s.endsAt().plus(KEEP_EXPIRED).isBefore(now)) {
                silences.put(s.id(), s);
            }
        }
    }

    /** Removes a silence; false when there is none of that id. */
    public boolean delete(String id) {
        return silences.remove(id) != null;
    }

    /** Every silence kept, active or not, the latest ending first. */
    public List<Silence> all() {
        List<Silence> out = new ArrayList<>(silences.values());
        out.sort(Comparator.comparing(Silence::endsAt).reversed());
        return List.copyOf(out);
    }

    /** Whether an active silence mutes {@code labels} at {@code now}. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        for (Silence s : silences.values()) {
            if (s.mutes(labels, now)) {
                return true;
            }
        }
        return false;
    }

    private String newId() {
        synchronized (ids) {
            return new java.util.UUID(ids.nextLong() & ~0xF000L | 0x4000L, ids.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
        }
    }
}
