package io.chainwatch.sim;

/**
 * Counters of one endpoint since the simulator started.
 *
 * @param httpRequests                HTTP bodies answered (a batch counts once)
 * @param wsMessages                  WebSocket request messages answered
 * @param injectedErrors              calls answered with an injected -32603
 * @param notificationsQueued         eth_subscription messages accepted into outbound queues
 * @param notificationsDropped        notifications dropped by {@code dropNotifications}
 * @param slowSubscribersDisconnected connections closed because their outbound queue was full
 * @param unexpectedFailures          calls that failed for a reason other than bad input (a bug):
 *                                    answered -32603, logged once, counted here
 * @param openConnections             WebSocket connections open now
 */
public record EndpointStats(
        long httpRequests,
        long wsMessages,
        long injectedErrors,
        long notificationsQueued,
        long notificationsDropped,
        long slowSubscribersDisconnected,
        long unexpectedFailures,
        int openConnections) {
}
