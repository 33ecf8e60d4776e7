package io.chainwatch.alerts;

import java.time.Duration;

/** How delivery threads wait (for a rate limit's token, between retries); injected so tests can drive a manual clock. */
@FunctionalInterface
public interface Sleeper {
    /** Waits in real time. */
    Sleeper SYSTEM = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
