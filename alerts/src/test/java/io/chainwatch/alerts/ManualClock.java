package io.chainwatch.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves; the delivery threads' sleeper moves it too, so it is thread-safe. */
final class ManualClock implements InstantSource {
    private final AtomicLong millis;

    ManualClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }
}
