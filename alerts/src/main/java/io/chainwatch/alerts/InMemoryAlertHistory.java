package io.chainwatch.alerts;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The latest state changes and attempts in memory, each kept up to {@code capacity} (the oldest go
 * first). For running without a database, and for tests. Thread-safe: every method locks this.
 */
public final class InMemoryAlertHistory implements AlertHistory {
    private final int capacity;
    private final ArrayDeque<AlertRecord> states = new ArrayDeque<>();
    private final ArrayDeque<NotificationAttempt> attempts = new ArrayDeque<>();

    public InMemoryAlertHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: got " + capacity + ", allowed 1 or more");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void recordState(Alert alert, Instant at) {
        append(states, new AlertRecord(at, alert));
    }

    @Override
    public synchronized void recordAttempt(NotificationAttempt attempt) {
        append(attempts, attempt);
    }

    @Override
    public synchronized List<AlertRecord> alerts(AlertQuery query) {
        return newestFirst(states, query::test, query.limit());
    }

    @Override
    public synchronized List<NotificationAttempt> attempts(AttemptQuery query) {
        return newestFirst(attempts, query::test, query.limit());
    }

    private <T> void append(ArrayDeque<T> into, T item) {
        if (into.size() == capacity) {
            into.removeFirst();
        }
        into.addLast(item);
    }

    private static <T> List<T> newestFirst(ArrayDeque<T> from, Predicate<T> test, int limit) {
        List<T> out = new ArrayList<>();
        for (Iterator<T> it = from.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            T item = it.next();
            if (test.test(item)) {
                out.add(item);
            }
        }
        return out;
    }
}
