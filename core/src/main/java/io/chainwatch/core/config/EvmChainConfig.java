package io.chainwatch.core.config;

import java.util.List;

/**
 * One EVM chain.
 *
 * @param confirmations       blocks behind the head before an event counts as confirmed
 * @param maxReorgDepth       deepest rollback any endpoint may cause; a deeper claimed reorg is refused
 * @param pollIntervalMs      HTTP head polling interval when no WebSocket endpoint is healthy
 * @param backfillBatchBlocks blocks per eth_getLogs request when filling a gap
 * @param maxResponseBytes    largest answer taken from an endpoint (HTTP body or WebSocket message);
 *                            a larger one is cut off and counts as an OVERSIZED failure
 */
public record EvmChainConfig(String name, long chainId, int confirmations, int maxReorgDepth, long pollIntervalMs,
                             int backfillBatchBlocks, int maxResponseBytes, List<EndpointConfig> endpoints, List<DexConfig> dexes) {
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    public EvmChainConfig {
        endpoints = List.copyOf(endpoints);
        dexes = List.copyOf(dexes);
    }
}
