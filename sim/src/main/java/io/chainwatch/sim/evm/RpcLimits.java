package io.chainwatch.sim.evm;

/**
 * Limits every endpoint enforces, like a hosted provider does.
 *
 * @param maxBlockRange           eth_getLogs over more blocks answers error -32005
 * @param maxLogsPerResponse      eth_getLogs matching more logs answers error -32005
 * @param subscriberQueueMessages bound of each WebSocket connection's outbound queue; a connection
 *                                whose queue is full is disconnected and counted
 */
public record RpcLimits(int maxBlockRange, int maxLogsPerResponse, int subscriberQueueMessages) {
    public RpcLimits {
        if (maxBlockRange < 1) {
            throw new IllegalArgumentException("limits.maxBlockRange: need at least 1, got " + maxBlockRange);
        }
        if (maxLogsPerResponse < 1) {
            throw new IllegalArgumentException("limits.maxLogsPerResponse: need at least 1, got " + maxLogsPerResponse);
        }
        if (subscriberQueueMessages < 16) {
            throw new IllegalArgumentException("limits.subscriberQueueMessages: need at least 16, got " + subscriberQueueMessages);
        }
    }

    /** 10,000 blocks and 10,000 logs per eth_getLogs (Infura's limits), 16,384 queued messages. */
    public static RpcLimits defaults() {
        return new RpcLimits(10_000, 10_000, 16_384);
    }
}
