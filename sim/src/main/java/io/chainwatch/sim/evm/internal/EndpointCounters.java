package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.EndpointStats;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one endpoint; any thread adds, any thread reads. */
public final class EndpointCounters {
    final LongAdder httpRequests = new LongAdder();
    final LongAdder wsMessages = new LongAdder();
    final LongAdder injectedErrors = new LongAdder();
    final LongAdder notificationsQueued = new LongAdder();
    final LongAdder notificationsDropped = new LongAdder();
    final LongAdder slowSubscribersDisconnected = new LongAdder();
    final LongAdder unexpectedFailures = new LongAdder();

    public EndpointStats snapshot(int openConnections) {
        return new EndpointStats(httpRequests.sum(), wsMessages.sum(), injectedErrors.sum(), notificationsQueued.sum(),
                notificationsDropped.sum(), slowSubscribersDisconnected.sum(), unexpectedFailures.sum(), openConnections);
    }
}
