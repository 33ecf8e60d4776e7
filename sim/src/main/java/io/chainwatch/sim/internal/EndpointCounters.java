package io.chainwatch.sim.internal;

import io.chainwatch.sim.EndpointStats;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one simulated endpoint; any thread adds, any thread reads. */
public final class EndpointCounters {
    private final LongAdder httpRequests = new LongAdder();
    private final LongAdder wsMessages = new LongAdder();
    private final LongAdder injectedErrors = new LongAdder();
    private final LongAdder notificationsQueued = new LongAdder();
    private final LongAdder notificationsDropped = new LongAdder();
    private final LongAdder slowSubscribersDisconnected = new LongAdder();
    private final LongAdder unexpectedFailures = new LongAdder();

    public void httpRequest() {
        httpRequests.increment();
    }

    public void wsMessage() {
        wsMessages.increment();
    }

    public void injectedError() {
        injectedErrors.increment();
    }

    public void notificationQueued() {
        notificationsQueued.increment();
    }

    public void notificationDropped() {
        notificationsDropped.increment();
    }

    public void slowSubscriberDisconnected() {
        slowSubscribersDisconnected.increment();
    }

    public void unexpectedFailure() {
        unexpectedFailures.increment();
    }

    public EndpointStats snapshot(int openConnections) {
        return new EndpointStats(httpRequests.sum(), wsMessages.sum(), injectedErrors.sum(), notificationsQueued.sum(),
                notificationsDropped.sum(), slowSubscribersDisconnected.sum(), unexpectedFailures.sum(), openConnections);
    }
}
