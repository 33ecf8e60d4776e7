package io.chainwatch.evm.rpc;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;

import java.util.List;

/**
 * A log as a node returns it, parsed once at the JSON edge. {@code data} stays hex text: decoders
 * read their words straight from it.
 */
public record EvmLog(long blockNumber, Hash32 blockHash, Hash32 txHash, int txIndex, int logIndex, Address address,
                     List<Hash32> topics, String data, boolean removed) {
    public EvmLog {
        topics = List.copyOf(topics);
    }
}
