package io.chainwatch.market;

import io.chainwatch.core.Hash32;

/**
 * Where a log sits on its chain. Its natural key is (chain, blockHash, logIndex): the same log
 * delivered twice by two endpoints has the same key, so every sink is idempotent on it.
 */
public record LogPosition(String chain, long blockNumber, Hash32 blockHash, Hash32 txHash, int txIndex, int logIndex) {
}
